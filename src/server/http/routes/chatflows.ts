import { ChatflowDefinition, ChatflowUpdate } from '../../../common/chatflow.js';
import { ChatflowOut, pageOf } from '../../../common/api-outputs/index.js';
import type { Ctx } from '../../domain/context.js';
import { createChatflow, getChatflow, listChatflows, publishChatflow, updateChatflow } from '../../domain/chatflows.js';
import { idParams, listOf, route } from '../route.js';

/** Chatflows of a chat or Messenger channel (admins): drafts, publishing a version. */
export function chatflowRoutes(ctx: Ctx) {
  const common = { tag: 'chatflows', auth: 'user' } as const;
  return [
    route({
      ...common,
      method: 'GET',
      url: '/api/v1/channels/:id/chatflows',
      operationId: 'listChatflows',
      response: pageOf(ChatflowOut),
      summary: 'The chatflows of a chat or Messenger channel (admins), each with its draft and the version in use',
      params: idParams,
      handler: async ({ actor, params }) => listOf(await listChatflows(ctx, actor, params.id)),
    }),
    route({
      ...common,
      method: 'POST',
      url: '/api/v1/channels/:id/chatflows',
      operationId: 'createChatflow',
      response: ChatflowOut,
      summary: 'A new chatflow: `{name, botName?, trigger?, steps: [{id, type, …, next}]}`, saved as a draft until published',
      params: idParams,
      body: ChatflowDefinition,
      status: 201,
      handler: ({ actor, params, body }) => createChatflow(ctx, actor, params.id, body),
    }),
    route({
      ...common,
      method: 'GET',
      url: '/api/v1/chatflows/:id',
      operationId: 'getChatflow',
      response: ChatflowOut,
      summary: 'A chatflow with its draft and what stops the draft from being published (`problems`)',
      params: idParams,
      handler: ({ actor, params }) => getChatflow(ctx, actor, params.id),
    }),
    route({
      ...common,
      method: 'PATCH',
      url: '/api/v1/chatflows/:id',
      operationId: 'updateChatflow',
      response: ChatflowOut,
      summary: 'Change the draft (conversations keep the version they started with) or switch the flow off and on',
      params: idParams,
      body: ChatflowUpdate,
      handler: ({ actor, params, body }) => updateChatflow(ctx, actor, params.id, body),
    }),
    route({
      ...common,
      method: 'POST',
      url: '/api/v1/chatflows/:id/publish',
      operationId: 'publishChatflow',
      response: ChatflowOut,
      summary:
        'Freeze the draft as the next version, which new conversations start with; refused naming the step and field of the first problem',
      params: idParams,
      handler: ({ actor, params }) => publishChatflow(ctx, actor, params.id),
    }),
  ];
}
