import {
  EmailAddressCodeConfirm,
  EmailAddressCodeRequest,
  EmailChannelUpdate,
  EmailMailboxRetest,
  EmailSignatureInput,
} from '../../../common/api.js';
import { ChannelRoutingUpdate } from '../../../common/crm-api.js';
import { baseUrlOf, rotateChatSecret } from '../../channels/chat/manage.js';
import { ChatSettingsInput } from '../../channels/chat/settings.js';
import { ChatSnippetSend } from '../../../common/chat-schema.js';
import { sendSnippetToDeveloper } from '../../channels/chat/snippet-mail.js';
import { confirmFromAddressCode, previewSignature, requestFromAddressCode, testMailboxConnection } from '../../channels/email/manage.js';
import type { Ctx } from '../../domain/context.js';
import { changeChannel, readChannel } from '../../channels/manage.js';
import { idParams, route } from '../route.js';
import {
  AnyChannelOut,
  ChannelOut,
  ChatChannelOut,
  ChatSnippetSent,
  MailboxConnectionTest,
  SignaturePreview,
} from '../../../common/api-outputs/index.js';

/** A channel of any kind (`/api/v1/channels/:id…`): read and change it; email and chat specifics. */
export function channelRoutes(ctx: Ctx) {
  return [
    route({
      method: 'GET',
      url: '/api/v1/channels/:id',
      operationId: 'getChannel',
      response: AnyChannelOut,
      summary: 'One channel; for email: how replies leave, mail kept aside, IMAP state',
      tag: 'channels',
      auth: 'user',
      params: idParams,
      handler: ({ actor, params, req }) => readChannel(ctx, actor, params.id, baseUrlOf(req)),
    }),
    route({
      method: 'PATCH',
      url: '/api/v1/channels/:id',
      operationId: 'updateChannel',
      response: AnyChannelOut,
      summary:
        'Any channel: routing and ticketing. Email channel: rename, switch on/off (on replays mail kept aside), role addresses sent to Filtered (admins)',
      tag: 'channels',
      auth: 'user',
      params: idParams,
      body: EmailChannelUpdate.extend(ChannelRoutingUpdate.shape).extend({ settings: ChatSettingsInput.optional() }),
      handler: ({ actor, params, body, req }) => changeChannel(ctx, actor, params.id, body, baseUrlOf(req)),
    }),
    route({
      method: 'POST',
      url: '/api/v1/channels/:id/test-connection',
      operationId: 'testChannelConnection',
      response: MailboxConnectionTest,
      summary:
        "Email channel: log in to the mailbox's IMAP server, open its folder and greet its SMTP server (admins), with the stored settings or with edits not saved yet (an empty password: the stored one); failures answered as classes, nothing stored",
      tag: 'channels',
      auth: 'user',
      params: idParams,
      body: EmailMailboxRetest,
      handler: ({ actor, params, body, req }) =>
        testMailboxConnection(ctx, ctx.mail, actor, params.id, body, (msg, err) => req.log.warn({ err }, msg)),
    }),
    route({
      method: 'POST',
      url: '/api/v1/channels/:id/rotate-secret',
      operationId: 'rotateChannelSecret',
      response: ChatChannelOut,
      summary:
        'A new identity secret for a chat channel (admins): every visitor token and identity hash made with the old one stops working',
      tag: 'channels',
      auth: 'user',
      params: idParams,
      handler: ({ actor, params, req }) => rotateChatSecret(ctx, actor, params.id, baseUrlOf(req)),
    }),
    route({
      method: 'POST',
      url: '/api/v1/channels/:id/send-snippet',
      operationId: 'sendChatSnippetToDeveloper',
      response: ChatSnippetSent,
      summary:
        'Chat channel: mail its install code with short instructions and an optional note to a developer (admins); held until an outgoing mail server is set (`held`)',
      tag: 'channels',
      auth: 'user',
      params: idParams,
      body: ChatSnippetSend,
      status: 201,
      rateLimit: { max: 10, timeWindow: '1 minute' },
      handler: ({ actor, params, body, req }) => sendSnippetToDeveloper(ctx, actor, params.id, body, baseUrlOf(req)),
    }),
    route({
      method: 'POST',
      url: '/api/v1/channels/:id/from-address',
      operationId: 'setChannelFromAddress',
      response: ChannelOut,
      summary: 'Email channel: mail a 6-digit code to a custom From address (admins); it becomes usable once the code is confirmed',
      tag: 'channels',
      auth: 'user',
      params: idParams,
      body: EmailAddressCodeRequest,
      handler: ({ actor, params, body }) => requestFromAddressCode(ctx, ctx.mail, actor, params.id, body.address),
    }),
    route({
      method: 'POST',
      url: '/api/v1/channels/:id/from-address/confirm',
      operationId: 'confirmChannelFromAddress',
      response: ChannelOut,
      summary: 'Email channel: the code from the email; right makes the address the From (expired, wrong or too many tries: 400)',
      tag: 'channels',
      auth: 'user',
      params: idParams,
      body: EmailAddressCodeConfirm,
      handler: ({ actor, params, body }) => confirmFromAddressCode(ctx, ctx.mail, actor, params.id, body.code),
    }),
    route({
      method: 'POST',
      url: '/api/v1/channels/:id/signature-preview',
      operationId: 'previewChannelSignature',
      response: SignaturePreview,
      summary: 'Email channel: how an email will look (From and body) with the given signature, for a sample agent (admins)',
      tag: 'channels',
      auth: 'user',
      params: idParams,
      body: EmailSignatureInput,
      handler: ({ actor, params, body }) => previewSignature(ctx, actor, params.id, body),
    }),
  ];
}
