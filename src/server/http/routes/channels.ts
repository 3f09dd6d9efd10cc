import {
  EmailAddressCodeConfirm,
  EmailAddressCodeRequest,
  EmailChannelUpdate,
  EmailMailboxCreate,
  EmailSignatureInput,
} from '../../../common/api.js';
import { ChannelRoutingUpdate } from '../../../common/crm-api.js';
import type { MailEnv } from '../../settings.js';
import {
  attachmentFor,
  confirmFromAddressCode,
  createMailboxChannel,
  getChannel,
  previewSignature,
  requestFromAddressCode,
  testMailboxConnection,
  updateEmailChannel,
} from '../../channels/email/manage.js';
import type { Ctx } from '../../domain/context.js';
import { retryDelivery } from '../../domain/messages.js';
import { updateChannelRouting } from '../../domain/routing.js';
import { sendFile } from '../file-download.js';
import { idParams, route } from '../route.js';
import { baseUrlOf, getChatChannel, rotateChatSecret, updateChatChannel } from '../../channels/chat/manage.js';
import { ChatSettingsInput } from '../../channels/chat/settings.js';

export function channelRoutes(ctx: Ctx, mail?: MailEnv) {
  return [
    route({
      method: 'GET',
      url: '/api/v1/channels/:id',
      summary: 'One channel; for email: how replies leave, mail kept aside, IMAP state',
      tag: 'channels',
      auth: 'user',
      params: idParams,
      handler: async ({ actor, params, req }) =>
        (await getChatChannel(ctx, actor, params.id, baseUrlOf(req))) ?? getChannel(ctx, mail, actor, params.id),
    }),
    route({
      method: 'PATCH',
      url: '/api/v1/channels/:id',
      summary:
        'Any channel: routing and ticketing. Email channel: rename, switch on/off (on replays mail kept aside), role addresses sent to Filtered (admins)',
      tag: 'channels',
      auth: 'user',
      params: idParams,
      body: EmailChannelUpdate.extend(ChannelRoutingUpdate.shape).extend({ settings: ChatSettingsInput.optional() }),
      handler: async ({ actor, params, body, req }) => {
        const { routing, ticketing, settings, ...email } = body;
        if (routing || ticketing) await updateChannelRouting(ctx, actor, params.id, { routing, ticketing });
        const chat = await updateChatChannel(ctx, actor, params.id, { name: email.name, status: email.status, settings }, baseUrlOf(req));
        if (chat) return chat;
        if ((routing || ticketing) && !Object.keys(email).length) return getChannel(ctx, mail, actor, params.id);
        return updateEmailChannel(ctx, mail, actor, params.id, email);
      },
    }),
    route({
      method: 'POST',
      url: '/api/v1/inboxes/:id/mailboxes',
      summary: 'Connect a team mailbox: IMAP to receive, SMTP to send (admins)',
      tag: 'channels',
      auth: 'user',
      params: idParams,
      body: EmailMailboxCreate,
      status: 201,
      handler: ({ actor, params, body }) => createMailboxChannel(ctx, mail, actor, params.id, body),
    }),
    route({
      method: 'POST',
      url: '/api/v1/channels/:id/test-connection',
      summary:
        "Email channel: log in to the mailbox's IMAP server and greet its SMTP server with the stored settings (admins); failures answered as classes",
      tag: 'channels',
      auth: 'user',
      params: idParams,
      handler: ({ actor, params, req }) => testMailboxConnection(ctx, mail, actor, params.id, (msg, err) => req.log.warn({ err }, msg)),
    }),
    route({
      method: 'POST',
      url: '/api/v1/channels/:id/rotate-secret',
      summary:
        'A new identity secret for a chat channel (admins): every visitor token and identity hash made with the old one stops working',
      tag: 'channels',
      auth: 'user',
      params: idParams,
      handler: ({ actor, params, req }) => rotateChatSecret(ctx, actor, params.id, baseUrlOf(req)),
    }),
    route({
      method: 'POST',
      url: '/api/v1/channels/:id/from-address',
      summary: 'Email channel: mail a 6-digit code to a custom From address (admins); it becomes usable once the code is confirmed',
      tag: 'channels',
      auth: 'user',
      params: idParams,
      body: EmailAddressCodeRequest,
      handler: ({ actor, params, body }) => requestFromAddressCode(ctx, mail, actor, params.id, body.address),
    }),
    route({
      method: 'POST',
      url: '/api/v1/channels/:id/from-address/confirm',
      summary: 'Email channel: the code from the email; right makes the address the From (expired, wrong or too many tries: 400)',
      tag: 'channels',
      auth: 'user',
      params: idParams,
      body: EmailAddressCodeConfirm,
      handler: ({ actor, params, body }) => confirmFromAddressCode(ctx, mail, actor, params.id, body.code),
    }),
    route({
      method: 'POST',
      url: '/api/v1/channels/:id/signature-preview',
      summary: 'Email channel: how an email will look (From and body) with the given signature, for a sample agent (admins)',
      tag: 'channels',
      auth: 'user',
      params: idParams,
      body: EmailSignatureInput,
      handler: ({ actor, params, body }) => previewSignature(ctx, actor, params.id, body),
    }),
    route({
      method: 'POST',
      url: '/api/v1/messages/:id/retry',
      summary: 'Send a failed reply again (same Message-ID)',
      tag: 'messages',
      auth: 'user',
      params: idParams,
      handler: ({ actor, params }) => retryDelivery(ctx, actor, params.id),
    }),
    route({
      method: 'GET',
      url: '/api/v1/attachments/:id',
      summary: 'Download an attachment (always as a download, never rendered)',
      tag: 'messages',
      auth: 'user',
      params: idParams,
      handler: async ({ actor, params, reply }) => {
        const a = await attachmentFor(ctx, mail, actor, params.id);
        return sendFile(reply, { path: a.path, filename: a.filename, contentType: a.content_type }, { as: 'download', cache: 0 });
      },
    }),
    route({
      method: 'GET',
      url: '/api/v1/attachments/:id/inline',
      summary: 'An inline (cid:) image of an email body; only sniffed PNG, JPEG, GIF or WebP',
      tag: 'messages',
      auth: 'user',
      params: idParams,
      handler: async ({ actor, params, reply }) => {
        const a = await attachmentFor(ctx, mail, actor, params.id);
        return sendFile(reply, { path: a.path, filename: a.filename, contentType: a.content_type }, { as: 'image', cache: 3600 });
      },
    }),
  ];
}
