/** Permission cases: settings, channels, chatflows, webhooks, Slack, notifications, tickets, mailboxes, files and templates. */
import {
  act,
  admins,
  adminsElse404,
  adminsOnInbox,
  anyUser,
  everyone,
  flowBody,
  read,
  simple,
  uniq,
  type Case,
} from './permission-rows.js';
import { DEFAULT_PREFERENCES } from '../../../src/server/domain/notification-prefs.js';

export const settingsCases: Record<string, Case> = {
  'GET /api/v1/settings/availability': simple(() => '/api/v1/settings/availability', anyUser(200)),
  'PATCH /api/v1/settings/availability': simple(
    () => '/api/v1/settings/availability',
    admins(200),
    () => ({ autoAwayMinutes: null }),
  ),
  'GET /api/v1/settings/outgoing-mail': simple(() => '/api/v1/settings/outgoing-mail', adminsElse404(200)),
  'GET /api/v1/settings/search-index': simple(() => '/api/v1/settings/search-index', adminsElse404(200)),
  'GET /api/v1/export/conversations.csv': simple((f) => `/api/v1/export/conversations.csv?inboxId=${f.inboxId}`, adminsElse404(200)),
  // Full exports: a second start answers with the running one (200 too); an unknown export is not found for anyone signed in.
  'POST /api/v1/exports': simple(() => '/api/v1/exports', adminsElse404(200)),
  'GET /api/v1/exports': simple(() => '/api/v1/exports', adminsElse404(200)),
  'GET /api/v1/exports/:id': simple(() => '/api/v1/exports/no-such-export', { ...adminsElse404(404), anonymous: 401 }),
  'GET /api/v1/exports/:id/download': simple(() => '/api/v1/exports/no-such-export/download', { ...adminsElse404(404), anonymous: 401 }),
  'GET /api/v1/exports/:id/file': simple(() => '/api/v1/exports/no-such-export/file?token=guess', everyone(404)),
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
  // Reports of the private inbox: whoever reads it (agents their own figures), others not found.
  ...Object.fromEntries(
    ['agents', 'response-times', 'volume', 'bots'].map((name) => [
      `GET /api/v1/reports/${name}`,
      simple((f) => `/api/v1/reports/${name}?inboxId=${f.inboxId}`, read(200)),
    ]),
  ),
  'GET /api/v1/reports/facts': simple((f) => `/api/v1/reports/facts?kind=created&inboxId=${f.inboxId}`, read(200)),
  // Mail imports (issue 20): admins only; for anyone else the inbox's imports do not exist. Unknown uploads and imports: 404.
  'GET /api/v1/inboxes/:id/imports': simple((f) => `/api/v1/inboxes/${f.inboxId}/imports`, adminsElse404(200)),
  'POST /api/v1/inboxes/:id/import-uploads': simple(
    (f) => `/api/v1/inboxes/${f.inboxId}/import-uploads`,
    adminsElse404(201),
    () => ({ kind: 'file', name: 'history.mbox', size: 10 }),
  ),
  'PUT /api/v1/import-uploads/:id/chunk': simple(
    () => '/api/v1/import-uploads/none/chunk?offset=0',
    adminsElse404(404),
    () => ({}),
  ),
  'POST /api/v1/import-uploads/:id/import': simple(
    () => '/api/v1/import-uploads/none/import',
    adminsElse404(404),
    () => ({}),
  ),
  'POST /api/v1/imports/:id/stop': simple(() => '/api/v1/imports/none/stop', adminsElse404(404)),
  'POST /api/v1/imports/:id/resume': simple(() => '/api/v1/imports/none/resume', adminsElse404(404)),
  'GET /api/v1/inboxes/:id/retention': simple((f) => `/api/v1/inboxes/${f.inboxId}/retention`, read(200)),
  // Null (keep forever): a run of the test never deletes the fixture's conversations.
  'PUT /api/v1/inboxes/:id/retention': simple(
    (f) => `/api/v1/inboxes/${f.inboxId}/retention`,
    adminsOnInbox(200),
    () => ({ days: null }),
  ),
  'GET /api/v1/inboxes/:id/business-hours': simple((f) => `/api/v1/inboxes/${f.inboxId}/business-hours`, read(200)),
  'PUT /api/v1/inboxes/:id/business-hours': simple(
    (f) => `/api/v1/inboxes/${f.inboxId}/business-hours`,
    adminsOnInbox(200),
    () => ({
      hours: { timeZone: 'Europe/Amsterdam', week: [{ day: 1, from: '09:00', to: '17:00' }], holidays: [] },
    }),
  ),
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
