/**
 * The permission matrix: every REST route and the stream, for every kind of actor, against a
 * private inbox. A route without a row here fails the test, so no route ships unchecked.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { apiRoutes } from '../../src/server/http/server.js';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { crmFixture, type CrmFixture } from '../support/crm-fixture.js';
import { sendRaw } from '../email/support/mail.js';
import { DEFAULT_PREFERENCES } from '../../src/server/domain/notification-prefs.js';
import { saveFile } from '../../src/server/files/store.js';
import { PICTURE } from '../support/fake-graph.js';

const actors = ['superMember', 'superNon', 'adminNon', 'agentDirect', 'agentTeam', 'agentNone', 'anonymous'] as const;
type ActorName = (typeof actors)[number];
/** A status, or 'empty' (200 with no items: a list scoped to nothing). */
type Expect = number | 'empty';
type Row = Record<ActorName, Expect>;

// Shorthands for the common shapes.
const read = (ok: number): Row => ({
  superMember: ok,
  superNon: ok,
  adminNon: ok,
  agentDirect: ok,
  agentTeam: ok,
  agentNone: 404,
  anonymous: 401,
});
const act = (ok: number): Row => ({
  superMember: ok,
  superNon: 403,
  adminNon: 403,
  agentDirect: ok,
  agentTeam: ok,
  agentNone: 404,
  anonymous: 401,
});
const anyUser = (ok: number): Row => ({
  superMember: ok,
  superNon: ok,
  adminNon: ok,
  agentDirect: ok,
  agentTeam: ok,
  agentNone: ok,
  anonymous: 401,
});
const admins = (ok: number): Row => ({
  superMember: ok,
  superNon: ok,
  adminNon: ok,
  agentDirect: 403,
  agentTeam: 403,
  agentNone: 403,
  anonymous: 401,
});
/** Installation settings holding secrets: for anyone but admins they do not exist. */
const adminsElse404 = (ok: number): Row => ({ ...admins(ok), agentDirect: 404, agentTeam: 404, agentNone: 404 });
/** A shared record that touches the private inbox (its contact): who cannot read the inbox may read it, not change it. */
const changeShared = (ok: number): Row => ({ ...anyUser(ok), agentNone: 403 });
/** Open routes: the same answer for everyone, signed in or not. */
const everyone = (status: number): Row => ({
  superMember: status,
  superNon: status,
  adminNon: status,
  agentDirect: status,
  agentTeam: status,
  agentNone: status,
  anonymous: status,
});
const adminsOnInbox = (ok: number): Row => ({
  superMember: ok,
  superNon: ok,
  adminNon: ok,
  agentDirect: 403,
  agentTeam: 403,
  agentNone: 404,
  anonymous: 401,
});

interface Fixture {
  inboxId: string;
  conversationId: string;
  contactId: string;
  agentId: string;
  teamId: string;
  snippetId: string;
  crm: CrmFixture;
  /** Email: the private inbox's fallback email channel, a reply waiting for delivery, an attachment. */
  emailChannelId: string;
  pendingReplyId: string;
  attachmentId: string;
  /** A new conversation in the private inbox, optionally moved to a folder first. */
  conversation(folder?: 'trash' | 'spam' | 'filtered'): Promise<string>;
  privateInbox(): Promise<string>;
  snippet(): Promise<string>;
  /** Compose: a template of the private inbox, an upload of superMember's not yet sent. */
  templateId: string;
  template(): Promise<string>;
  uploadId: string;
  actorName: ActorName;
  /** Access (issue #13): a fresh agent nobody else uses; an API token of the bootstrap admin (no actor's). */
  newUser(): Promise<string>;
  foreignTokenId: string;
  /** Outgoing webhooks: one registered by the admin, a delivery of it (a ping), a fresh one to delete. */
  webhookId: string;
  webhookDeliveryId: string;
  webhook(): Promise<string>;
  /** Slack: connects the private inbox (an incoming webhook nobody answers on). */
  slackConnected(): Promise<void>;
  /** Support forms: one of the private inbox, and a fresh one to delete. */
  formId: string;
  form(): Promise<string>;
  formSlug: string;
  /** Chatflows: a chat channel of the private inbox and a flow of it. */
  chatChannelId: string;
  chatflowId: string;
}

interface Case {
  expect: Row;
  request(f: Fixture): Promise<{ path: string; body?: unknown }>;
}

const flowBody = () => ({ name: 'Greeter', steps: [{ id: 'hi', type: 'message', text: 'Hello' }] });
let n = 0;
const uniq = () => `${Date.now().toString(36)}${(n++).toString(36)}`;
const simple = (path: (f: Fixture) => string, expect: Row, body?: (f: Fixture) => unknown): Case => ({
  expect,
  request: async (f) => ({ path: path(f), body: body?.(f) }),
});

const matrix: Record<string, Case> = {
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
  'GET /api/v1/settings/availability': simple(() => '/api/v1/settings/availability', anyUser(200)),
  'PATCH /api/v1/settings/availability': simple(
    () => '/api/v1/settings/availability',
    admins(200),
    () => ({ autoAwayMinutes: null }),
  ),
  'GET /api/v1/settings/outgoing-mail': simple(() => '/api/v1/settings/outgoing-mail', adminsElse404(200)),
  'GET /api/v1/settings/search-index': simple(() => '/api/v1/settings/search-index', adminsElse404(200)),
  // A host that does not exist is refused (400 for admins, nothing saved); no connection is made.
  'PUT /api/v1/settings/outgoing-mail': simple(
    () => '/api/v1/settings/outgoing-mail',
    adminsElse404(400),
    () => ({ host: 'no-such-host.invalid', port: 25, security: 'none' }),
  ),
  'DELETE /api/v1/settings/outgoing-mail': simple(() => '/api/v1/settings/outgoing-mail', adminsElse404(200)),
  'POST /api/v1/settings/outgoing-mail/test': simple(
    () => '/api/v1/settings/outgoing-mail/test',
    adminsElse404(200),
    () => ({ to: 'someone@example.com', settings: { host: 'no-such-host.invalid', port: 25, security: 'none' } }),
  ),
  'GET /api/v1/inboxes/:id/forms': simple((f) => `/api/v1/inboxes/${f.inboxId}/forms`, adminsOnInbox(200)),
  'POST /api/v1/inboxes/:id/forms': simple(
    (f) => `/api/v1/inboxes/${f.inboxId}/forms`,
    adminsOnInbox(201),
    () => ({ name: `Form ${uniq()}` }),
  ),
  'PATCH /api/v1/forms/:id': simple(
    (f) => `/api/v1/forms/${f.formId}`,
    adminsOnInbox(200),
    () => ({ name: 'Contact us' }),
  ),
  'DELETE /api/v1/forms/:id': { expect: adminsOnInbox(204), request: async (f) => ({ path: `/api/v1/forms/${await f.form()}` }) },
  // Open to anyone; without the page's token every submission is refused.
  'POST /api/v1/forms/:slug/submissions': simple(
    (f) => `/api/v1/forms/${f.formSlug}/submissions`,
    { ...anyUser(403), anonymous: 403 },
    () => ({ answers: { name: 'A', email: 'a@example.com', message: 'hi' } }),
  ),
  'GET /api/v1/channels/:id/chatflows': simple((f) => `/api/v1/channels/${f.chatChannelId}/chatflows`, adminsOnInbox(200)),
  'POST /api/v1/channels/:id/chatflows': simple(
    (f) => `/api/v1/channels/${f.chatChannelId}/chatflows`,
    adminsOnInbox(201),
    () => flowBody(),
  ),
  'GET /api/v1/chatflows/:id': simple((f) => `/api/v1/chatflows/${f.chatflowId}`, adminsOnInbox(200)),
  'PATCH /api/v1/chatflows/:id': simple(
    (f) => `/api/v1/chatflows/${f.chatflowId}`,
    adminsOnInbox(200),
    () => ({ enabled: false }),
  ),
  'POST /api/v1/chatflows/:id/publish': simple((f) => `/api/v1/chatflows/${f.chatflowId}/publish`, adminsOnInbox(200)),
  'GET /api/v1/webhooks': simple(() => '/api/v1/webhooks', adminsElse404(200)),
  'POST /api/v1/webhooks': simple(
    () => '/api/v1/webhooks',
    adminsElse404(201),
    () => ({ name: 'New hook', url: 'http://127.0.0.1:9/new', eventTypes: ['message.created'] }),
  ),
  'PATCH /api/v1/webhooks/:id': simple(
    (f) => `/api/v1/webhooks/${f.webhookId}`,
    adminsElse404(200),
    () => ({ name: 'Renamed hook' }),
  ),
  'DELETE /api/v1/webhooks/:id': { expect: adminsElse404(204), request: async (f) => ({ path: `/api/v1/webhooks/${await f.webhook()}` }) },
  'GET /api/v1/inboxes/:id/slack': simple((f) => `/api/v1/inboxes/${f.inboxId}/slack`, adminsElse404(200)),
  'PUT /api/v1/inboxes/:id/slack': simple(
    (f) => `/api/v1/inboxes/${f.inboxId}/slack`,
    adminsElse404(200),
    () => ({
      mode: 'webhook',
      webhookUrl: 'http://127.0.0.1:9/slack-hook',
    }),
  ),
  'DELETE /api/v1/inboxes/:id/slack': simple((f) => `/api/v1/inboxes/${f.inboxId}/slack`, adminsElse404(204)),
  'POST /api/v1/inboxes/:id/slack/test': {
    expect: adminsElse404(200),
    request: async (f) => {
      await f.slackConnected();
      return { path: `/api/v1/inboxes/${f.inboxId}/slack/test` };
    },
  },
  'POST /api/v1/webhooks/:id/rotate-secret': simple((f) => `/api/v1/webhooks/${f.webhookId}/rotate-secret`, adminsElse404(200)),
  'POST /api/v1/webhooks/:id/test': simple((f) => `/api/v1/webhooks/${f.webhookId}/test`, adminsElse404(201)),
  'GET /api/v1/webhooks/:id/deliveries': simple((f) => `/api/v1/webhooks/${f.webhookId}/deliveries`, adminsElse404(200)),
  'POST /api/v1/webhooks/deliveries/:id/retry': simple(
    (f) => `/api/v1/webhooks/deliveries/${f.webhookDeliveryId}/retry`,
    adminsElse404(200),
  ),
  // Each user's own notifications: nobody sees anyone else's (the test in notifications.test.ts).
  'GET /api/v1/notifications': simple(() => '/api/v1/notifications', anyUser(200)),
  'POST /api/v1/notifications/read': simple(
    () => '/api/v1/notifications/read',
    anyUser(200),
    () => ({ all: true }),
  ),
  'GET /api/v1/me/notification-preferences': simple(() => '/api/v1/me/notification-preferences', anyUser(200)),
  'PUT /api/v1/me/notification-preferences': simple(
    () => '/api/v1/me/notification-preferences',
    anyUser(200),
    () => DEFAULT_PREFERENCES,
  ),
  // Web Push: the server's key, and each user's own browsers.
  'GET /api/v1/push/public-key': simple(() => '/api/v1/push/public-key', anyUser(200)),
  'GET /api/v1/me/push-subscriptions': simple(() => '/api/v1/me/push-subscriptions', anyUser(200)),
  'POST /api/v1/me/push-subscriptions': simple(
    () => '/api/v1/me/push-subscriptions',
    anyUser(200),
    () => ({ endpoint: `http://127.0.0.1:9/push/${uniq()}`, keys: { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) } }),
  ),
  'DELETE /api/v1/me/push-subscriptions': simple(
    () => '/api/v1/me/push-subscriptions',
    anyUser(204),
    () => ({ endpoint: 'http://127.0.0.1:9/push/none' }),
  ),
  'GET /api/v1/pipelines': simple(() => '/api/v1/pipelines', anyUser(200)),
  'POST /api/v1/pipelines': simple(
    () => '/api/v1/pipelines',
    admins(201),
    () => ({ name: `P ${uniq()}`, stages: ['A', 'B'] }),
  ),
  'GET /api/v1/tickets': simple((f) => `/api/v1/tickets?conversationId=${f.conversationId}`, { ...anyUser(200), agentNone: 'empty' }),
  'POST /api/v1/tickets': simple(
    () => '/api/v1/tickets',
    anyUser(201),
    () => ({ title: 'Standalone' }),
  ),
  'GET /api/v1/tickets/:id': simple((f) => `/api/v1/tickets/${f.crm.ticketId}`, read(200)),
  'PATCH /api/v1/tickets/:id': simple(
    (f) => `/api/v1/tickets/${f.crm.ticketId}`,
    act(200),
    () => ({ title: 'secret ticket' }),
  ),
  'POST /api/v1/conversations/:id/tickets': simple(
    (f) => `/api/v1/conversations/${f.conversationId}/tickets`,
    act(201),
    () => ({ title: 'secret ticket' }),
  ),
  'GET /api/v1/snippets': simple(() => '/api/v1/snippets', anyUser(200)),
  'POST /api/v1/snippets': simple(
    () => '/api/v1/snippets',
    admins(201),
    () => ({ name: `s${uniq()}`, body: 'Hi' }),
  ),
  'PATCH /api/v1/snippets/:id': simple(
    (f) => `/api/v1/snippets/${f.snippetId}`,
    admins(200),
    () => ({ body: 'Hello' }),
  ),
  'DELETE /api/v1/snippets/:id': { expect: admins(204), request: async (f) => ({ path: `/api/v1/snippets/${await f.snippet()}` }) },
  'GET /api/v1/channels/:id': simple((f) => `/api/v1/channels/${f.emailChannelId}`, read(200)),
  'PATCH /api/v1/channels/:id': simple(
    (f) => `/api/v1/channels/${f.emailChannelId}`,
    adminsOnInbox(200),
    () => ({ roleAddresses: ['info', 'sales'] }),
  ),
  'POST /api/v1/channels/:id/from-address': simple(
    (f) => `/api/v1/channels/${f.emailChannelId}/from-address`,
    adminsOnInbox(200),
    () => ({ address: `from${uniq()}@example.com` }),
  ),
  // Admins reach the check and get 400 for a wrong code (the row above left a code waiting).
  'POST /api/v1/channels/:id/from-address/confirm': simple(
    (f) => `/api/v1/channels/${f.emailChannelId}/from-address/confirm`,
    adminsOnInbox(400),
    () => ({ code: '000000' }),
  ),
  // A chat-only action: on the private inbox's email channel those allowed get the 400 that says so.
  'POST /api/v1/channels/:id/rotate-secret': simple((f) => `/api/v1/channels/${f.emailChannelId}/rotate-secret`, adminsOnInbox(400)),
  'POST /api/v1/channels/:id/send-snippet': simple(
    (f) => `/api/v1/channels/${f.emailChannelId}/send-snippet`,
    adminsOnInbox(400),
    () => ({ email: 'dev@example.com' }),
  ),
  'POST /api/v1/conversations/:id/forget-visitor': {
    expect: act(400),
    request: async (f) => ({ path: `/api/v1/conversations/${await f.conversation()}/forget-visitor` }),
  },
  // Messenger: Meta's webhook is open, and answers 404 for a channel of another kind; reconnecting is for admins.
  'GET /api/v1/channels/:id/messenger/webhook': simple((f) => `/api/v1/channels/${f.emailChannelId}/messenger/webhook`, everyone(404)),
  'POST /api/v1/channels/:id/messenger/webhook': simple((f) => `/api/v1/channels/${f.emailChannelId}/messenger/webhook`, everyone(404)),
  'PUT /api/v1/channels/:id/messenger': simple(
    (f) => `/api/v1/channels/${f.emailChannelId}/messenger`,
    adminsOnInbox(400),
    () => ({ pageId: '1', pageAccessToken: 't', appSecret: 's', verifyToken: 'v' }),
  ),
  'POST /api/v1/channels/:id/test-connection': simple((f) => `/api/v1/channels/${f.emailChannelId}/test-connection`, adminsOnInbox(200)),
  'POST /api/v1/channels/:id/signature-preview': simple(
    (f) => `/api/v1/channels/${f.emailChannelId}/signature-preview`,
    adminsOnInbox(200),
    () => ({ format: 'text', body: 'Best, {{first_name}}' }),
  ),
  'POST /api/v1/inboxes/:id/mailboxes': simple(
    (f) => `/api/v1/inboxes/${f.inboxId}/mailboxes`,
    adminsOnInbox(201),
    () => ({
      name: 'Team mailbox',
      address: `box${uniq()}@example.com`,
      imap: { host: '127.0.0.1', port: 1, secure: false, user: 'u', password: 'p' },
      smtp: { host: '127.0.0.1', port: 1, secure: false },
    }),
  ),
  'POST /api/v1/inboxes/:id/mailboxes/test-connection': simple(
    (f) => `/api/v1/inboxes/${f.inboxId}/mailboxes/test-connection`,
    adminsOnInbox(200),
    () => ({
      imap: { host: '127.0.0.1', port: 1, secure: false, user: 'u', password: 'p' },
      smtp: { host: '127.0.0.1', port: 1, secure: false },
    }),
  ),
  'POST /api/v1/messages/:id/retry': simple((f) => `/api/v1/messages/${f.pendingReplyId}/retry`, act(200)),
  'GET /api/v1/attachments/:id': simple((f) => `/api/v1/attachments/${f.attachmentId}`, read(200)),
  'GET /api/v1/attachments/:id/inline': simple((f) => `/api/v1/attachments/${f.attachmentId}/inline`, read(200)),
  'POST /api/v1/conversations': simple(
    () => '/api/v1/conversations',
    act(201),
    (f) => ({ inboxId: f.inboxId, to: { email: `to${uniq()}@example.com` }, subject: 'Hello', html: '<p>Hello</p>' }),
  ),
  // Any signed-in user may upload; this JSON body is refused as not being the file's bytes.
  'POST /api/v1/attachments': simple(() => '/api/v1/attachments?filename=a.txt', anyUser(400)),
  'GET /api/v1/uploads/:id': simple((f) => `/api/v1/uploads/${f.uploadId}`, {
    superMember: 200,
    superNon: 404,
    adminNon: 404,
    agentDirect: 404,
    agentTeam: 404,
    agentNone: 404,
    anonymous: 401,
  }),
  'GET /api/v1/templates': simple(() => '/api/v1/templates', anyUser(200)),
  'POST /api/v1/templates': simple(
    () => '/api/v1/templates',
    admins(201),
    () => ({ name: `t${uniq()}`, subject: 'Hi', body: '<p>Hi {{contact.first_name}}</p>' }),
  ),
  'PATCH /api/v1/templates/:id': simple(
    (f) => `/api/v1/templates/${f.templateId}`,
    adminsOnInbox(200),
    () => ({ subject: 'Hello' }),
  ),
  'DELETE /api/v1/templates/:id': {
    expect: adminsOnInbox(204),
    request: async (f) => ({ path: `/api/v1/templates/${await f.template()}` }),
  },
  'GET /api/v1/templates/:id/render': simple((f) => `/api/v1/templates/${f.templateId}/render?contactId=${f.contactId}`, read(200)),
};

/** The stream: readers receive the private inbox's events, others connect but hear nothing of it. */
const streamRow: Record<ActorName, 'receives' | 'silent' | 401> = {
  superMember: 'receives',
  superNon: 'receives',
  adminNon: 'receives',
  agentDirect: 'receives',
  agentTeam: 'receives',
  agentNone: 'silent',
  anonymous: 401,
};

for (const engine of engines) {
  describe(`permission matrix on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    const clients = {} as Record<ActorName, Client>;
    const passwords = {} as Record<ActorName, { email: string; password: string }>;
    let base: Omit<Fixture, 'actorName'>;

    before(async () => {
      // The mailbox route's sample points at 127.0.0.1.
      s = await startTestServer({ engine, env: { ALLOW_PRIVATE_MAIL_HOSTS: '1', ALLOW_PRIVATE_WEBHOOKS: '1' } });
      const admin = s.adminClient;
      const make = async (name: ActorName, role: string) => {
        const email = `${name.toLowerCase()}@example.com`;
        const password = 'password-' + name;
        const r = await admin.post('/api/v1/users', { email, name, role, password });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        passwords[name] = { email, password };
        return r.body.id as string;
      };
      const ids = {
        superMember: await make('superMember', 'super_admin'),
        superNon: await make('superNon', 'super_admin'),
        adminNon: await make('adminNon', 'admin'),
        agentDirect: await make('agentDirect', 'agent'),
        agentTeam: await make('agentTeam', 'agent'),
        agentNone: await make('agentNone', 'agent'),
      };
      const team = (await admin.post('/api/v1/teams', { name: 'Private team', userIds: [ids.agentTeam] })).body;
      const access = { mode: 'specific', userIds: [ids.superMember, ids.agentDirect], teamIds: [team.id] };
      const inbox = (await admin.post('/api/v1/inboxes', { name: 'Private', access })).body;
      for (const a of actors) clients[a] = a === 'anonymous' ? s.anonymous() : await s.login(passwords[a].email, passwords[a].password);
      const member = clients.superMember;
      const conv = (
        await member.post(`/api/v1/inboxes/${inbox.id}/conversations`, { contact: { email: 'c@example.com', name: 'C' }, body: 'secret' })
      ).body;
      const snippet = (await admin.post('/api/v1/snippets', { name: 'keep', body: 'x' })).body;
      const template = async () =>
        (await admin.post('/api/v1/templates', { name: `t${uniq()}`, subject: 'S', body: '<p>x</p>', inboxId: inbox.id })).body
          .id as string;
      // Nothing listens on port 9: deliveries fail and wait for their retry.
      const webhook = async () =>
        (await admin.post('/api/v1/webhooks', { name: `w${uniq()}`, url: 'http://127.0.0.1:9/hook', eventTypes: ['conversation.created'] }))
          .body.id as string;
      const newForm = async () =>
        (await admin.post(`/api/v1/inboxes/${inbox.id}/forms`, { name: `f${uniq()}` })).body as { id: string; slug: string };
      const firstForm = await newForm();
      const chatChannelId = (await admin.post(`/api/v1/inboxes/${inbox.id}/channels`, { kind: 'chat', name: 'Private chat' })).body.id;
      const chatflowId = (await admin.post(`/api/v1/channels/${chatChannelId}/chatflows`, flowBody())).body.id;
      const webhookDelivery = async () => (await admin.post(`/api/v1/webhooks/${await webhook()}/test`)).body.id as string;
      const uploaded = await fetch(`${s.url}/api/v1/attachments?filename=u.txt`, {
        method: 'POST',
        headers: { origin: s.url, cookie: member.cookie, 'content-type': 'application/octet-stream' },
        body: new Uint8Array(Buffer.from('u')),
      });
      assert.equal(uploaded.status, 201);
      const uploadId = ((await uploaded.json()) as { id: string }).id;
      const emailChannelId = (await member.get(`/api/v1/inboxes/${inbox.id}/channels`)).body.items.find((c: any) => c.kind === 'email').id;
      const raw = [
        'From: <mailer@example.com>',
        `To: <${inbox.fallbackAddress}>`,
        'Subject: secret file',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain',
        '',
        'see file',
        '--b1',
        'Content-Type: application/pdf',
        'Content-Disposition: attachment; filename="a.pdf"',
        '',
        '%PDF-1.4',
        '--b1--',
        '',
      ].join('\r\n');
      assert.equal((await sendRaw(s.running.smtpPort!, inbox.fallbackAddress, raw)).ok, true);
      const mailConv = (await member.get(`/api/v1/conversations?inboxId=${inbox.id}&channel=email`)).body.items[0];
      const mailMsgs = (await member.get(`/api/v1/conversations/${mailConv.id}/messages`)).body.items;
      const attachmentId = mailMsgs[0].attachments[0].id;
      const pendingReplyId = (await member.post(`/api/v1/conversations/${mailConv.id}/messages`, { kind: 'reply', body: 'on its way' }))
        .body.id;
      // The contact's picture (as a Messenger profile would give it).
      const picture = saveFile(s.running.ctx.mail.filesDir, 'pictures', `perm-${conv.contact.id}`, PICTURE);
      await s.running.ctx.db.kysely
        .updateTable('contacts')
        .set({ picture_path: picture, picture_type: 'image/png' })
        .where('id', '=', conv.contact.id)
        .execute();
      base = {
        inboxId: inbox.id,
        conversationId: conv.id,
        contactId: conv.contact.id,
        agentId: ids.agentNone,
        teamId: team.id,
        snippetId: snippet.id,
        templateId: await template(),
        template,
        webhookId: await webhook(),
        webhookDeliveryId: await webhookDelivery(),
        webhook,
        formId: firstForm.id,
        formSlug: firstForm.slug,
        form: async () => (await newForm()).id,
        chatChannelId,
        chatflowId,
        async slackConnected() {
          const r = await admin.put(`/api/v1/inboxes/${inbox.id}/slack`, { mode: 'webhook', webhookUrl: 'http://127.0.0.1:9/slack-hook' });
          assert.equal(r.status, 200, JSON.stringify(r.body));
        },
        uploadId,
        foreignTokenId: (await admin.post('/api/v1/tokens', { name: 'not yours' })).body.id,
        async newUser() {
          return (await admin.post('/api/v1/users', { email: `n${uniq()}@example.com`, name: 'Fresh', role: 'agent' })).body.id;
        },
        crm: await crmFixture(admin, member, conv.id, conv.contact.id, Object.values(clients)),
        emailChannelId,
        pendingReplyId,
        attachmentId,
        async conversation(folder) {
          const c = (
            await member.post(`/api/v1/inboxes/${inbox.id}/conversations`, { contact: { email: `f${uniq()}@example.com` }, body: 'fresh' })
          ).body;
          if (folder === 'filtered') {
            await member.post(`/api/v1/contacts/${c.contact.id}/block`);
            const again = (
              await member.post(`/api/v1/inboxes/${inbox.id}/conversations`, { contact: { email: c.contact.email }, body: 'again' })
            ).body;
            assert.equal(again.folder, 'filtered');
            return again.id;
          }
          if (folder) assert.equal((await member.post(`/api/v1/conversations/${c.id}/${folder}`)).status, 200);
          return c.id;
        },
        async privateInbox() {
          const i = (await admin.post('/api/v1/inboxes', { name: 'Doomed', access })).body;
          return i.id;
        },
        async snippet() {
          return (await admin.post('/api/v1/snippets', { name: `d${uniq()}`, body: 'x' })).body.id;
        },
      };
    });
    after(() => s?.close());

    test('every route has a row for every actor', () => {
      const routes = apiRoutes(s.running.ctx, { sessionDays: 1 }).map((r) => `${r.method} ${r.url}`);
      const missingRows = routes.filter((r) => !matrix[r]);
      assert.deepEqual(missingRows, [], 'routes without permission rows');
      const stale = Object.keys(matrix).filter((k) => !routes.includes(k));
      assert.deepEqual(stale, [], 'rows for routes that no longer exist');
    });

    for (const [key, c] of Object.entries(matrix)) {
      test(key, async () => {
        const [method, _url] = key.split(' ');
        const got: Partial<Record<ActorName, Expect>> = {};
        for (const a of actors) {
          const fixture: Fixture = { ...base, actorName: a };
          const request = await c.request(fixture);
          const path = request.path;
          let body = request.body;
          let client = clients[a];
          if (key === 'POST /api/v1/auth/login') {
            client = s.anonymous();
            body = a === 'anonymous' ? { email: 'nobody@example.com', password: 'wrong-password' } : passwords[a];
          }
          if (key === 'POST /api/v1/auth/logout' && a !== 'anonymous') client = await s.login(passwords[a].email, passwords[a].password);
          const r = await client.request(method!, path, body ?? (method === 'GET' || method === 'DELETE' ? undefined : {}));
          got[a] = c.expect[a] === 'empty' && r.status === 200 && r.body.items.length === 0 ? 'empty' : r.status;
          if (r.status === 404) assert.doesNotMatch(JSON.stringify(r.body), /secret|Private|c@example/, 'a 404 gives no hint');
        }
        assert.deepEqual(got, c.expect);
      });
    }

    test('GET /api/v1/stream', async () => {
      const got: Partial<Record<ActorName, string | number>> = {};
      const sockets: { a: ActorName; ws: WebSocket; events: any[] }[] = [];
      for (const a of actors) {
        const ws = new WebSocket(s.url.replace('http', 'ws') + '/api/v1/stream', { headers: { origin: s.url, cookie: clients[a].cookie } });
        const entry = { a, ws, events: [] as any[] };
        ws.on('message', (m) => entry.events.push(JSON.parse(String(m))));
        const status = await new Promise<number>((resolve) => {
          ws.once('open', () => resolve(101));
          ws.once('unexpected-response', (req, res) => {
            res.resume();
            req.destroy();
            resolve(res.statusCode ?? 0);
          });
        });
        if (status !== 101) got[a] = status;
        else {
          await new Promise<void>((r) => {
            const t = setInterval(() => entry.events.some((e) => e.type === 'ready') && (clearInterval(t), r()), 10);
          });
          sockets.push(entry);
        }
      }
      const marker = `marker-${uniq()}`;
      await clients.superMember.post(`/api/v1/conversations/${base.conversationId}/messages`, { kind: 'comment', body: marker });
      // A later event that everyone receives tells us the earlier one had its chance to arrive.
      const fence = (await s.adminClient.post('/api/v1/users', { email: `fence${uniq()}@example.com`, name: 'Fence', role: 'agent' })).body
        .id;
      for (const e of sockets) {
        await new Promise<void>((r) => {
          const t = setInterval(() => e.events.some((x) => x.payload?.userId === fence) && (clearInterval(t), r()), 10);
        });
        got[e.a] = e.events.some((x) => JSON.stringify(x).includes(marker)) ? 'receives' : 'silent';
        e.ws.close();
      }
      assert.deepEqual(got, streamRow);
    });
  });
}
