import { z } from 'zod';
import {
  EmailMailboxCreate,
  EmailMailboxTest,
  InboxCreate,
  InboxDelete,
  InboxUpdate,
  IncomingConversationInput,
} from '../../../common/api.js';
import { createIncomingConversation } from '../../domain/api-channel.js';
import { baseUrlOf, createChatChannel } from '../../channels/chat/manage.js';
import { ChatChannelCreate } from '../../channels/chat/settings.js';
import { createMessengerChannel } from '../../channels/messenger/manage.js';
import { MessengerChannelCreate } from '../../../common/api.js';
import { createMailboxChannel, testNewMailbox } from '../../channels/email/manage.js';
import type { Ctx } from '../../domain/context.js';
import { viewCounts } from '../../domain/counts.js';
import { gettingStarted } from '../../domain/getting-started.js';
import { createInbox, deleteInbox, getInbox, listChannels, listInboxes, updateInbox } from '../../domain/inboxes.js';
import { authorizeInbox, readableInboxIds } from '../../permissions/policy.js';
import { idParams, listOf, route } from '../route.js';
import {
  AnyChannelOut,
  ChannelOut,
  ConversationOut,
  GettingStartedOut,
  InboxOut,
  MailboxConnectionTest,
  ViewCounts,
  pageOf,
} from '../../../common/api-outputs/index.js';

export function inboxRoutes(ctx: Ctx) {
  return [
    route({
      method: 'GET',
      url: '/api/v1/inboxes',
      operationId: 'listInboxes',
      response: pageOf(InboxOut),
      summary: 'The inboxes you may see (the inbox switcher)',
      tag: 'inboxes',
      auth: 'user',
      handler: async ({ actor }) => listOf(await listInboxes(ctx, actor)),
    }),
    route({
      method: 'POST',
      url: '/api/v1/inboxes',
      operationId: 'createInbox',
      response: InboxOut,
      summary: 'Create an inbox (admins, at most 100)',
      tag: 'inboxes',
      auth: 'user',
      body: InboxCreate,
      status: 201,
      handler: ({ actor, body }) => createInbox(ctx, actor, body),
    }),
    route({
      method: 'GET',
      url: '/api/v1/inboxes/:id',
      operationId: 'getInbox',
      response: InboxOut,
      summary: 'One inbox',
      tag: 'inboxes',
      auth: 'user',
      params: idParams,
      handler: ({ actor, params }) => getInbox(ctx, actor, params.id),
    }),
    route({
      method: 'PATCH',
      url: '/api/v1/inboxes/:id',
      operationId: 'updateInbox',
      response: InboxOut,
      summary: 'Rename an inbox or change who may access it (admins)',
      tag: 'inboxes',
      auth: 'user',
      params: idParams,
      body: InboxUpdate,
      handler: ({ actor, params, body }) => updateInbox(ctx, actor, params.id, body),
    }),
    route({
      method: 'DELETE',
      url: '/api/v1/inboxes/:id',
      operationId: 'deleteInbox',
      summary: 'Delete an inbox and its conversations; `confirmName` must equal its name (admins)',
      tag: 'inboxes',
      auth: 'user',
      params: idParams,
      body: InboxDelete,
      status: 204,
      handler: ({ actor, params, body }) => deleteInbox(ctx, actor, params.id, body.confirmName),
    }),
    route({
      method: 'GET',
      url: '/api/v1/inboxes/:id/getting-started',
      operationId: 'getInboxGettingStarted',
      response: GettingStartedOut,
      summary:
        "A new inbox's checklist: its forwarding address and, for admins, whether a mailbox, the chat widget and the team are set up",
      tag: 'inboxes',
      auth: 'user',
      params: idParams,
      handler: ({ actor, params }) => gettingStarted(ctx, actor, params.id),
    }),
    route({
      method: 'GET',
      url: '/api/v1/inboxes/:id/channels',
      operationId: 'listInboxChannels',
      response: pageOf(ChannelOut),
      summary: "An inbox's channels (every inbox has an API channel)",
      tag: 'inboxes',
      auth: 'user',
      params: idParams,
      handler: async ({ actor, params }) => listOf(await listChannels(ctx, actor, params.id)),
    }),
    route({
      method: 'POST',
      url: '/api/v1/inboxes/:id/channels',
      operationId: 'createInboxChannel',
      response: AnyChannelOut,
      summary:
        'Create a website chat channel (its answer holds the installSnippet) or a Facebook Messenger channel (its answer holds the webhook URL; secrets never answered) (admins)',
      tag: 'channels',
      auth: 'user',
      params: idParams,
      body: z.discriminatedUnion('kind', [ChatChannelCreate, MessengerChannelCreate]),
      status: 201,
      handler: ({ actor, params, body, req }) =>
        body.kind === 'messenger'
          ? createMessengerChannel(ctx, actor, params.id, body, baseUrlOf(req))
          : createChatChannel(ctx, actor, params.id, body, baseUrlOf(req)),
    }),
    route({
      method: 'POST',
      url: '/api/v1/inboxes/:id/conversations',
      operationId: 'createIncomingConversation',
      response: ConversationOut,
      summary: 'API channel: a contact writes in; creates a conversation with an incoming message',
      tag: 'conversations',
      auth: 'user',
      params: idParams,
      body: IncomingConversationInput,
      status: 201,
      handler: ({ actor, params, body }) => createIncomingConversation(ctx, actor, params.id, body),
    }),
    route({
      method: 'GET',
      url: '/api/v1/views',
      operationId: 'getViewCounts',
      response: ViewCounts,
      summary: 'A count for every sidebar view, in one request (open conversations; all in Filtered, Spam, Trash)',
      tag: 'conversations',
      auth: 'user',
      query: z.object({ inboxId: z.string().min(1).max(64).optional() }),
      handler: async ({ actor, query }) => {
        if (query.inboxId) authorizeInbox(actor, query.inboxId, 'read');
        return viewCounts(ctx, actor.id, query.inboxId ? [query.inboxId] : readableInboxIds(actor));
      },
    }),
    route({
      method: 'POST',
      url: '/api/v1/inboxes/:id/mailboxes',
      operationId: 'connectMailbox',
      response: ChannelOut,
      summary: 'Connect a team mailbox: IMAP to receive, SMTP to send (admins)',
      tag: 'channels',
      auth: 'user',
      params: idParams,
      body: EmailMailboxCreate,
      status: 201,
      handler: ({ actor, params, body }) => createMailboxChannel(ctx, ctx.mail, actor, params.id, body),
    }),
    route({
      method: 'POST',
      url: '/api/v1/inboxes/:id/mailboxes/test-connection',
      operationId: 'testMailboxConnection',
      response: MailboxConnectionTest,
      summary:
        'Before connecting a team mailbox: log in to its IMAP server and open the folder, greet its SMTP server, with the settings given (admins); failures answered as classes, nothing stored',
      tag: 'channels',
      auth: 'user',
      params: idParams,
      body: EmailMailboxTest,
      handler: ({ actor, params, body, req }) =>
        testNewMailbox(ctx, ctx.mail, actor, params.id, body, (msg, err) => req.log.warn({ err }, msg)),
    }),
  ];
}
