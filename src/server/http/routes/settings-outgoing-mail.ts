import { OutgoingMailInput, OutgoingMailTest } from '../../../common/settings-api.js';
import { clearOutgoingMail, getOutgoingMail, saveOutgoingMail, testOutgoingMail } from '../../channels/email/relay.js';
import type { Ctx } from '../../domain/context.js';
import { route } from '../route.js';
import { OutgoingMailOut, OutgoingMailTestOut } from '../../../common/api-outputs/index.js';

/** The outgoing mail server (admins; for anyone else these routes do not exist). */
export function outgoingMailRoutes(ctx: Ctx) {
  return [
    route({
      method: 'GET',
      url: '/api/v1/settings/outgoing-mail',
      operationId: 'getOutgoingMail',
      response: OutgoingMailOut,
      summary:
        'The outgoing mail server replies leave through: saved here, else SMTP_RELAY_URL, else none (replies held); never a password',
      tag: 'settings',
      auth: 'user',
      handler: ({ actor }) => getOutgoingMail(ctx, actor),
    }),
    route({
      method: 'PUT',
      url: '/api/v1/settings/outgoing-mail',
      operationId: 'setOutgoingMail',
      response: OutgoingMailOut,
      summary: 'Save the outgoing mail server (password encrypted at rest; absent keeps the saved one); held replies are sent',
      tag: 'settings',
      auth: 'user',
      body: OutgoingMailInput,
      handler: ({ actor, body }) => saveOutgoingMail(ctx, actor, body),
    }),
    route({
      method: 'DELETE',
      url: '/api/v1/settings/outgoing-mail',
      operationId: 'removeOutgoingMail',
      response: OutgoingMailOut,
      summary: 'Forget the saved outgoing mail server: SMTP_RELAY_URL (or none) is used again',
      tag: 'settings',
      auth: 'user',
      handler: ({ actor }) => clearOutgoingMail(ctx, actor),
    }),
    route({
      method: 'POST',
      url: '/api/v1/settings/outgoing-mail/test',
      operationId: 'testOutgoingMail',
      response: OutgoingMailTestOut,
      summary: 'Send a test email through the given settings (not saved) or the server in use; answers the outcome as a class',
      tag: 'settings',
      auth: 'user',
      body: OutgoingMailTest,
      handler: ({ actor, body }) => testOutgoingMail(ctx, actor, body),
    }),
  ];
}
