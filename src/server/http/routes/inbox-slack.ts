import { SlackConnectionPut } from '../../../common/slack-api.js';
import { SlackConnectionOut, SlackTestOut } from '../../../common/api-outputs/index.js';
import type { Ctx } from '../../domain/context.js';
import { deleteSlackConnection, getSlackConnection, putSlackConnection, testSlackConnection } from '../../domain/slack.js';
import { idParams, route } from '../route.js';

/** An inbox's Slack alerts (`/api/v1/inboxes/:id/slack`; admins who may read the inbox, for anyone else they do not exist). */
export function inboxSlackRoutes(ctx: Ctx) {
  const common = { tag: 'inboxes', auth: 'user', params: idParams } as const;
  return [
    route({
      ...common,
      method: 'GET',
      url: '/api/v1/inboxes/:id/slack',
      operationId: 'getInboxSlack',
      response: SlackConnectionOut,
      summary: 'The inbox’s Slack connection: mode, channel, state and last error (never its token or webhook URL)',
      handler: ({ actor, params }) => getSlackConnection(ctx, actor, params.id),
    }),
    route({
      ...common,
      method: 'PUT',
      url: '/api/v1/inboxes/:id/slack',
      operationId: 'putInboxSlack',
      response: SlackConnectionOut,
      summary: 'Connect the inbox to Slack: a bot token and channel, or an incoming-webhook URL (a secret left out keeps the saved one)',
      body: SlackConnectionPut,
      handler: ({ actor, params, body }) => putSlackConnection(ctx, actor, params.id, body),
    }),
    route({
      ...common,
      method: 'DELETE',
      url: '/api/v1/inboxes/:id/slack',
      operationId: 'deleteInboxSlack',
      summary: 'Disconnect the inbox from Slack (messages already posted stay in Slack)',
      status: 204,
      handler: ({ actor, params }) => deleteSlackConnection(ctx, actor, params.id),
    }),
    route({
      ...common,
      method: 'POST',
      url: '/api/v1/inboxes/:id/slack/test',
      operationId: 'testInboxSlack',
      response: SlackTestOut,
      summary: 'Post a test message to the inbox’s Slack channel now and answer whether it arrived, in words',
      handler: ({ actor, params }) => testSlackConnection(ctx, actor, params.id),
    }),
  ];
}
