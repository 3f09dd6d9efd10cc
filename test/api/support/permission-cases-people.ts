/** Permission cases: sign-in, tokens, users, teams, inboxes, conversations, contacts and the CRM. */
import { act, admins, adminsOnInbox, anyUser, changeShared, read, simple, uniq, type Case } from './permission-rows.js';

export const peopleCases: Record<string, Case> = {
  'GET /api/v1/auth/session': simple(() => '/api/v1/auth/session', { ...anyUser(200), anonymous: 200 }),
  'POST /api/v1/auth/login': { expect: { ...anyUser(200), anonymous: 401 }, request: async () => ({ path: '/api/v1/auth/login' }) },
  'POST /api/v1/auth/logout': simple(() => '/api/v1/auth/logout', anyUser(204)),
  'GET /api/v1/me': simple(() => '/api/v1/me', anyUser(200)),
  'PATCH /api/v1/me': simple(
    () => '/api/v1/me',
    anyUser(200),
    () => ({ locale: 'en' }),
  ),
  'POST /api/v1/tokens': simple(
    () => '/api/v1/tokens',
    anyUser(201),
    () => ({ name: 'ci' }),
  ),
  'GET /api/v1/tokens': simple(() => '/api/v1/tokens', anyUser(200)),
  'DELETE /api/v1/tokens/:id': simple((f) => `/api/v1/tokens/${f.foreignTokenId}`, anyUser(404)),
  'POST /api/v1/me/password': simple(
    () => '/api/v1/me/password',
    anyUser(400),
    () => ({ currentPassword: 'not-the-password', newPassword: 'some-long-new-password' }),
  ),
  'POST /api/v1/auth/password-reset': simple(
    () => '/api/v1/auth/password-reset',
    { ...anyUser(400), anonymous: 400 },
    () => ({ token: 'forged', password: 'some-long-new-password' }),
  ),
  'POST /api/v1/users/:id/deactivate': {
    expect: admins(200),
    request: async (f) => ({ path: `/api/v1/users/${await f.newUser()}/deactivate` }),
  },
  'POST /api/v1/users/:id/reactivate': {
    expect: admins(200),
    request: async (f) => ({ path: `/api/v1/users/${await f.newUser()}/reactivate` }),
  },
  'POST /api/v1/users/:id/password-reset': {
    expect: admins(201),
    request: async (f) => ({ path: `/api/v1/users/${await f.newUser()}/password-reset` }),
  },
  'GET /api/v1/users': simple(() => '/api/v1/users', anyUser(200)),
  'POST /api/v1/users': simple(
    () => '/api/v1/users',
    admins(201),
    () => ({ email: `u${uniq()}@example.com`, name: 'New', role: 'agent' }),
  ),
  'PATCH /api/v1/users/:id': simple(
    (f) => `/api/v1/users/${f.agentId}`,
    admins(200),
    () => ({ paidSeat: true }),
  ),
  'GET /api/v1/teams': simple(() => '/api/v1/teams', anyUser(200)),
  'POST /api/v1/teams': simple(
    () => '/api/v1/teams',
    admins(201),
    () => ({ name: `Team ${uniq()}` }),
  ),
  'PATCH /api/v1/teams/:id': simple(
    (f) => `/api/v1/teams/${f.teamId}`,
    admins(200),
    () => ({ name: 'Private team' }),
  ),
  'GET /api/v1/inboxes': simple(() => '/api/v1/inboxes', anyUser(200)),
  'POST /api/v1/inboxes': simple(
    () => '/api/v1/inboxes',
    admins(201),
    () => ({ name: `Inbox ${uniq()}` }),
  ),
  'GET /api/v1/inboxes/:id': simple((f) => `/api/v1/inboxes/${f.inboxId}`, read(200)),
  'PATCH /api/v1/inboxes/:id': simple(
    (f) => `/api/v1/inboxes/${f.inboxId}`,
    adminsOnInbox(200),
    () => ({ name: 'Private' }),
  ),
  'DELETE /api/v1/inboxes/:id': {
    expect: adminsOnInbox(204),
    request: async (f) => ({ path: `/api/v1/inboxes/${await f.privateInbox()}`, body: { confirmName: 'Doomed' } }),
  },
  'GET /api/v1/inboxes/:id/getting-started': simple((f) => `/api/v1/inboxes/${f.inboxId}/getting-started`, read(200)),
  'GET /api/v1/inboxes/:id/channels': simple((f) => `/api/v1/inboxes/${f.inboxId}/channels`, read(200)),
  'POST /api/v1/inboxes/:id/channels': simple(
    (f) => `/api/v1/inboxes/${f.inboxId}/channels`,
    adminsOnInbox(201),
    () => ({ kind: 'chat', name: `Chat ${uniq()}` }),
  ),
  'POST /api/v1/inboxes/:id/conversations': simple(
    (f) => `/api/v1/inboxes/${f.inboxId}/conversations`,
    act(201),
    () => ({ contact: { email: 'm@example.com' }, body: 'hello' }),
  ),
  'GET /api/v1/views': simple((f) => `/api/v1/views?inboxId=${f.inboxId}`, read(200)),
  'GET /api/v1/conversations': simple((f) => `/api/v1/conversations?inboxId=${f.inboxId}`, { ...anyUser(200), agentNone: 'empty' }),
  'GET /api/v1/conversations/:id': simple((f) => `/api/v1/conversations/${f.conversationId}`, read(200)),
  'PATCH /api/v1/conversations/:id': {
    expect: act(200),
    request: async (f) => ({ path: `/api/v1/conversations/${await f.conversation()}`, body: { status: 'closed' } }),
  },
  'DELETE /api/v1/conversations/:id': {
    expect: act(204),
    request: async (f) => ({ path: `/api/v1/conversations/${await f.conversation('trash')}` }),
  },
  'POST /api/v1/conversations/:id/trash': {
    expect: act(200),
    request: async (f) => ({ path: `/api/v1/conversations/${await f.conversation()}/trash` }),
  },
  'POST /api/v1/conversations/:id/restore': {
    expect: act(200),
    request: async (f) => ({ path: `/api/v1/conversations/${await f.conversation('trash')}/restore` }),
  },
  'POST /api/v1/conversations/:id/spam': {
    expect: act(200),
    request: async (f) => ({ path: `/api/v1/conversations/${await f.conversation()}/spam` }),
  },
  'POST /api/v1/conversations/:id/not-spam': {
    expect: act(200),
    request: async (f) => ({ path: `/api/v1/conversations/${await f.conversation('spam')}/not-spam` }),
  },
  'POST /api/v1/conversations/:id/release': {
    expect: act(200),
    request: async (f) => ({ path: `/api/v1/conversations/${await f.conversation('filtered')}/release` }),
  },
  'POST /api/v1/conversations/:id/block-sender': {
    expect: act(200),
    request: async (f) => ({ path: `/api/v1/conversations/${await f.conversation()}/block-sender` }),
  },
  'POST /api/v1/conversations/:id/unblock-sender': {
    expect: act(200),
    request: async (f) => ({ path: `/api/v1/conversations/${await f.conversation('filtered')}/unblock-sender` }),
  },
  'POST /api/v1/conversations/:id/read': simple((f) => `/api/v1/conversations/${f.conversationId}/read`, read(204)),
  'GET /api/v1/conversations/:id/messages': simple((f) => `/api/v1/conversations/${f.conversationId}/messages`, read(200)),
  'GET /api/v1/conversations/:id/matches': simple((f) => `/api/v1/conversations/${f.conversationId}/matches?q=a`, read(200)),
  'GET /api/v1/conversations/:id/reply-all': simple((f) => `/api/v1/conversations/${f.conversationId}/reply-all`, read(200)),
  'POST /api/v1/conversations/:id/messages': simple(
    (f) => `/api/v1/conversations/${f.conversationId}/messages`,
    act(201),
    () => ({ kind: 'comment', body: 'note' }),
  ),
  'POST /api/v1/conversations/:id/incoming': simple(
    (f) => `/api/v1/conversations/${f.conversationId}/incoming`,
    act(201),
    () => ({ body: 'more' }),
  ),
  'GET /api/v1/contacts/:id': simple((f) => `/api/v1/contacts/${f.contactId}`, anyUser(200)),
  'GET /api/v1/contacts/:id/picture': simple((f) => `/api/v1/contacts/${f.contactId}/picture`, anyUser(200)),
  'GET /api/v1/contacts/:id/conversations': simple((f) => `/api/v1/contacts/${f.contactId}/conversations`, {
    ...anyUser(200),
    agentNone: 'empty',
  }),
  'POST /api/v1/contacts/:id/block': simple((f) => `/api/v1/contacts/${f.contactId}/block`, changeShared(200)),
  'POST /api/v1/contacts/:id/unblock': simple((f) => `/api/v1/contacts/${f.contactId}/unblock`, changeShared(200)),
  'GET /api/v1/contacts': simple(() => '/api/v1/contacts?q=c%40example', anyUser(200)),
  'GET /api/v1/contacts/properties': simple(() => '/api/v1/contacts/properties', anyUser(200)),
  'POST /api/v1/contacts': simple(
    () => '/api/v1/contacts',
    anyUser(201),
    () => ({ name: 'New contact' }),
  ),
  'PATCH /api/v1/contacts/:id': simple(
    (f) => `/api/v1/contacts/${f.contactId}`,
    changeShared(200),
    () => ({ company: 'Acme' }),
  ),
  'POST /api/v1/contacts/:id/merge': {
    expect: changeShared(200),
    request: async (f) => ({ path: `/api/v1/contacts/${f.contactId}/merge`, body: { otherId: await f.crm.contact() } }),
  },
  // Privacy (issue 20): erasing a person and exporting their data are for admins; a fresh contact each time (an erasure removes it).
  'DELETE /api/v1/contacts/:id': {
    expect: admins(204),
    request: async (f) => ({ path: `/api/v1/contacts/${await f.crm.contact()}?erase=true` }),
  },
  'GET /api/v1/contacts/:id/export': simple((f) => `/api/v1/contacts/${f.contactId}/export?format=html`, admins(200)),
  'GET /api/v1/contacts/:id/timeline': simple((f) => `/api/v1/contacts/${f.contactId}/timeline`, anyUser(200)),
  'GET /api/v1/contacts/:id/notes': simple((f) => `/api/v1/contacts/${f.contactId}/notes`, anyUser(200)),
  'POST /api/v1/contacts/:id/notes': simple(
    (f) => `/api/v1/contacts/${f.contactId}/notes`,
    anyUser(201),
    () => ({ body: 'note' }),
  ),
  'GET /api/v1/contacts/:id/tasks': simple((f) => `/api/v1/contacts/${f.contactId}/tasks`, anyUser(200)),
  'POST /api/v1/contacts/:id/tasks': simple(
    (f) => `/api/v1/contacts/${f.contactId}/tasks`,
    anyUser(201),
    () => ({ title: 'task' }),
  ),
  'PATCH /api/v1/tasks/:id': simple(
    (f) => `/api/v1/tasks/${f.crm.taskId}`,
    anyUser(200),
    () => ({ done: true }),
  ),
  'GET /api/v1/contacts/:id/calls': simple((f) => `/api/v1/contacts/${f.contactId}/calls`, anyUser(200)),
  'POST /api/v1/contacts/:id/calls': simple(
    (f) => `/api/v1/contacts/${f.contactId}/calls`,
    anyUser(201),
    () => ({ summary: 'call' }),
  ),
  'GET /api/v1/contacts/:id/deals': simple((f) => `/api/v1/contacts/${f.contactId}/deals`, anyUser(200)),
  'POST /api/v1/contacts/:id/deals': simple(
    (f) => `/api/v1/contacts/${f.contactId}/deals`,
    anyUser(201),
    () => ({ name: 'deal', amount: 5 }),
  ),
  'PATCH /api/v1/deals/:id': simple(
    (f) => `/api/v1/deals/${f.crm.dealId}`,
    anyUser(200),
    () => ({ stage: 'won' }),
  ),
  'GET /api/v1/contacts/:id/tickets': simple((f) => `/api/v1/contacts/${f.contactId}/tickets`, { ...anyUser(200), agentNone: 'empty' }),
  'POST /api/v1/contacts/:id/emails': simple(
    (f) => `/api/v1/contacts/${f.contactId}/emails`,
    act(201),
    (f) => ({ inboxId: f.inboxId, subject: 'Hello', body: 'Writing first' }),
  ),
  'POST /api/v1/contacts/:id/meeting-link': simple(
    (f) => `/api/v1/contacts/${f.contactId}/meeting-link`,
    act(201),
    (f) => ({ inboxId: f.inboxId }),
  ),
  'POST /api/v1/conversations/:id/contact': {
    expect: act(200),
    request: async (f) => ({ path: `/api/v1/conversations/${await f.conversation()}/contact`, body: { name: 'Visitor' } }),
  },
  'DELETE /api/v1/conversations/:id/contact': {
    expect: act(200),
    request: async (f) => ({ path: `/api/v1/conversations/${await f.conversation()}/contact` }),
  },
};
