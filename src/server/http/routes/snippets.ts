import { SnippetCreate, SnippetUpdate } from '../../../common/api.js';
import type { Ctx } from '../../domain/context.js';
import { createSnippet, deleteSnippet, listSnippets, updateSnippet } from '../../domain/snippets.js';
import { idParams, listOf, route } from '../route.js';
import { SnippetOut, pageOf } from '../../../common/api-outputs/index.js';

/** Snippets (`/api/v1/snippets`). */
export function snippetRoutes(ctx: Ctx) {
  return [
    route({
      method: 'GET',
      url: '/api/v1/snippets',
      operationId: 'listSnippets',
      response: pageOf(SnippetOut),
      summary: 'Snippets you can use',
      tag: 'snippets',
      auth: 'user',
      handler: async ({ actor }) => listOf(await listSnippets(ctx, actor)),
    }),
    route({
      method: 'POST',
      url: '/api/v1/snippets',
      operationId: 'createSnippet',
      response: SnippetOut,
      summary: 'Create a snippet (admins)',
      tag: 'snippets',
      auth: 'user',
      body: SnippetCreate,
      status: 201,
      handler: ({ actor, body }) => createSnippet(ctx, actor, body),
    }),
    route({
      method: 'PATCH',
      url: '/api/v1/snippets/:id',
      operationId: 'updateSnippet',
      response: SnippetOut,
      summary: 'Change a snippet (admins)',
      tag: 'snippets',
      auth: 'user',
      params: idParams,
      body: SnippetUpdate,
      handler: ({ actor, params, body }) => updateSnippet(ctx, actor, params.id, body),
    }),
    route({
      method: 'DELETE',
      url: '/api/v1/snippets/:id',
      operationId: 'deleteSnippet',
      summary: 'Delete a snippet (admins)',
      tag: 'snippets',
      auth: 'user',
      params: idParams,
      status: 204,
      handler: ({ actor, params }) => deleteSnippet(ctx, actor, params.id),
    }),
  ];
}
