import { z } from 'zod';
import { ComposeCreate, ConversationListQuery, ConversationUpdate, IncomingMessageInput, MessageCreate } from '../../../common/api.js';
import { ConversationContactInput } from '../../../common/crm-api.js';
import { composeEmail } from '../../domain/compose.js';
import { disassociateContact, setConversationContact } from '../../domain/contact-merge.js';
import { addIncomingMessage } from '../../domain/api-channel.js';
import { forgetConversationVisitor } from '../../channels/chat/manage.js';
import type { Ctx } from '../../domain/context.js';
import { listConversations } from '../../domain/conversation-list.js';
import {
  deleteConversation,
  getConversation,
  markRead,
  moveConversation,
  blockSender,
  updateConversation,
  type FolderMove,
} from '../../domain/conversations.js';
import { addAgentMessage, listMessages } from '../../domain/messages.js';
import { replyAllRecipients } from '../../domain/reply-all.js';
import { findInConversation } from '../../domain/message-find.js';
import { idParams, route } from '../route.js';
import {
  ComposedOut,
  ConversationOut,
  ConversationPage,
  Forgotten,
  MessageMatches,
  MessageOut,
  ReplyAllOut,
  pageOf,
} from '../../../common/api-outputs/index.js';

const moves: FolderMove[] = ['trash', 'restore', 'spam', 'not-spam', 'release'];
const moveOperation: Record<FolderMove, string> = {
  trash: 'trashConversation',
  restore: 'restoreConversation',
  spam: 'markConversationSpam',
  'not-spam': 'markConversationNotSpam',
  release: 'releaseConversation',
};
const moveSummary: Record<FolderMove, string> = {
  trash: 'Move to Trash',
  restore: 'Restore from Trash',
  spam: 'Mark as spam',
  'not-spam': 'Mark as not spam (back to the inbox)',
  release: 'Move from Filtered to the inbox',
};

export function conversationRoutes(ctx: Ctx) {
  return [
    route({
      method: 'GET',
      url: '/api/v1/conversations',
      operationId: 'listConversations',
      response: ConversationPage,
      summary: 'List conversations; every filter combines; keyset pagination with `cursor`',
      tag: 'conversations',
      auth: 'user',
      query: ConversationListQuery,
      handler: ({ actor, query }) => listConversations(ctx, actor, query),
    }),
    route({
      method: 'GET',
      url: '/api/v1/conversations/:id',
      operationId: 'getConversation',
      response: ConversationOut,
      summary: 'One conversation, with your abilities on it',
      tag: 'conversations',
      auth: 'user',
      params: idParams,
      handler: ({ actor, params }) => getConversation(ctx, actor, params.id),
    }),
    route({
      method: 'PATCH',
      url: '/api/v1/conversations/:id',
      operationId: 'updateConversation',
      response: ConversationOut,
      summary: 'Assign (user or team), close or reopen',
      tag: 'conversations',
      auth: 'user',
      params: idParams,
      body: ConversationUpdate,
      handler: ({ actor, params, body }) => updateConversation(ctx, actor, params.id, body),
    }),
    route({
      method: 'DELETE',
      url: '/api/v1/conversations/:id',
      operationId: 'deleteConversation',
      summary: 'Delete forever (only from Trash)',
      tag: 'conversations',
      auth: 'user',
      params: idParams,
      status: 204,
      handler: ({ actor, params }) => deleteConversation(ctx, actor, params.id),
    }),
    ...moves.map((m) =>
      route({
        method: 'POST',
        url: `/api/v1/conversations/:id/${m}`,
        operationId: moveOperation[m],
        response: ConversationOut,
        summary: moveSummary[m],
        tag: 'conversations',
        auth: 'user',
        params: idParams,
        handler: ({ actor, params }) => moveConversation(ctx, actor, params.id, m),
      }),
    ),
    ...([true, false] as const).map((blocked) =>
      route({
        method: 'POST',
        url: `/api/v1/conversations/:id/${blocked ? 'block-sender' : 'unblock-sender'}`,
        operationId: blocked ? 'blockSender' : 'unblockSender',
        response: ConversationOut,
        summary: blocked
          ? "Block the conversation's sender: the contact's messages go to Filtered and this conversation moves there (403 when the contact has conversations you cannot read)"
          : "Unblock the conversation's sender and bring this conversation back from Filtered to the inbox",
        tag: 'conversations',
        auth: 'user',
        params: idParams,
        handler: ({ actor, params }) => blockSender(ctx, actor, params.id, blocked),
      }),
    ),
    route({
      method: 'POST',
      url: '/api/v1/conversations/:id/read',
      operationId: 'markConversationRead',
      summary: 'Mark as read for you',
      tag: 'conversations',
      auth: 'user',
      params: idParams,
      status: 204,
      handler: ({ actor, params }) => markRead(ctx, actor, params.id),
    }),
    route({
      method: 'GET',
      url: '/api/v1/conversations/:id/messages',
      operationId: 'listMessages',
      response: pageOf(MessageOut),
      summary:
        'The thread, oldest first; with `order=desc` newest first (the `nextCursor` then leads to older messages). A cursor keeps its place in either order.',
      tag: 'messages',
      auth: 'user',
      params: idParams,
      query: z.object({
        cursor: z.string().max(500).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(100),
        order: z.enum(['asc', 'desc']).default('asc'),
      }),
      handler: ({ actor, params, query }) => listMessages(ctx, actor, params.id, query.cursor, query.limit, query.order),
    }),
    route({
      method: 'GET',
      url: '/api/v1/conversations/:id/matches',
      operationId: 'findInConversation',
      response: MessageMatches,
      summary: 'Find in the conversation: the messages whose text holds `q` (any case), newest first, at most 500',
      tag: 'messages',
      auth: 'user',
      params: idParams,
      query: z.object({ q: z.string().trim().min(1).max(200) }),
      handler: ({ actor, params, query }) => findInConversation(ctx, actor, params.id, query.q),
    }),
    route({
      method: 'GET',
      url: '/api/v1/conversations/:id/reply-all',
      operationId: 'getReplyAllRecipients',
      response: ReplyAllOut,
      summary:
        "Reply all's Cc: the last email's To and Cc that are legitimately on the thread (on its first email, where replies went, or added by authenticated mail), without the inbox's own addresses and the contact",
      tag: 'messages',
      auth: 'user',
      params: idParams,
      handler: ({ actor, params }) => replyAllRecipients(ctx, actor, params.id),
    }),
    route({
      method: 'POST',
      url: '/api/v1/conversations/:id/messages',
      operationId: 'replyToConversation',
      response: MessageOut,
      summary:
        "Reply to the contact on the conversation's channel, or add an internal comment; email replies may send `html` (sanitized; the text part is derived), `cc` and uploaded `attachmentIds`",
      tag: 'messages',
      auth: 'user',
      params: idParams,
      body: MessageCreate,
      status: 201,
      handler: ({ actor, params, body }) => addAgentMessage(ctx, actor, params.id, body),
    }),
    route({
      method: 'POST',
      url: '/api/v1/conversations/:id/incoming',
      operationId: 'addIncomingMessage',
      response: ConversationOut,
      summary: 'API channel: a further message from the contact',
      tag: 'messages',
      auth: 'user',
      params: idParams,
      body: IncomingMessageInput,
      status: 201,
      handler: ({ actor, params, body }) => addIncomingMessage(ctx, actor, params.id, body),
    }),
    route({
      method: 'POST',
      url: '/api/v1/conversations/:id/forget-visitor',
      operationId: 'forgetConversationVisitor',
      response: Forgotten,
      summary: "Forget a website chat's visitor: their device's token stops working and the widget starts over; the conversation stays",
      tag: 'channels',
      auth: 'user',
      params: idParams,
      handler: ({ actor, params }) => forgetConversationVisitor(ctx, actor, params.id),
    }),
    route({
      method: 'POST',
      url: '/api/v1/conversations',
      operationId: 'composeConversation',
      response: ComposedOut,
      summary:
        'Compose: a new outbound email from an inbox (members); the contact is found by address or created; the conversation is assigned to you',
      tag: 'conversations',
      auth: 'user',
      body: ComposeCreate,
      status: 201,
      handler: ({ actor, body }) => composeEmail(ctx, actor, body),
    }),
    route({
      method: 'POST',
      url: '/api/v1/conversations/:id/contact',
      operationId: 'setConversationContact',
      response: ConversationOut,
      summary: 'Link the conversation to a contact: an existing one, or one created from a name/email (e.g. for an anonymous visitor)',
      tag: 'contacts',
      auth: 'user',
      params: idParams,
      body: ConversationContactInput,
      handler: ({ actor, params, body }) => setConversationContact(ctx, actor, params.id, body),
    }),
    route({
      method: 'DELETE',
      url: '/api/v1/conversations/:id/contact',
      operationId: 'removeConversationContact',
      response: ConversationOut,
      summary: 'Disassociate the contact from the conversation',
      tag: 'contacts',
      auth: 'user',
      params: idParams,
      handler: ({ actor, params }) => disassociateContact(ctx, actor, params.id),
    }),
  ];
}
