import { z } from 'zod';
import { SnippetCreate, SnippetUpdate } from '../../../common/api.js';
import { contactConversations, getContact, setBlocked } from '../../domain/contacts.js';
import type { Ctx } from '../../domain/context.js';
import { createSnippet, deleteSnippet, listSnippets, updateSnippet } from '../../domain/snippets.js';
import { idParams, listOf, route } from '../route.js';

export function contactRoutes(ctx: Ctx) {
  return [
    route({
      method: 'GET',
      url: '/api/v1/contacts/:id',
      summary: 'One contact',
      tag: 'contacts',
      auth: 'user',
      params: idParams,
      handler: ({ actor, params }) => getContact(ctx, actor, params.id),
    }),
    route({
      method: 'GET',
      url: '/api/v1/contacts/:id/conversations',
      summary: "A contact's conversations that you may read, newest first",
      tag: 'contacts',
      auth: 'user',
      params: idParams,
      query: z.object({ cursor: z.string().max(500).optional() }),
      handler: ({ actor, params, query }) => contactConversations(ctx, actor, params.id, query.cursor),
    }),
    route({
      method: 'POST',
      url: '/api/v1/contacts/:id/block',
      summary: "Block the sender: the contact's new messages go to Filtered (403 when it has conversations you cannot read)",
      tag: 'contacts',
      auth: 'user',
      params: idParams,
      handler: ({ actor, params }) => setBlocked(ctx, actor, params.id, true),
    }),
    route({
      method: 'POST',
      url: '/api/v1/contacts/:id/unblock',
      summary: 'Unblock the sender',
      tag: 'contacts',
      auth: 'user',
      params: idParams,
      handler: ({ actor, params }) => setBlocked(ctx, actor, params.id, false),
    }),
    route({
      method: 'GET',
      url: '/api/v1/snippets',
      summary: 'Snippets you can use',
      tag: 'snippets',
      auth: 'user',
      handler: async ({ actor }) => listOf(await listSnippets(ctx, actor)),
    }),
    route({
      method: 'POST',
      url: '/api/v1/snippets',
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
      summary: 'Delete a snippet (admins)',
      tag: 'snippets',
      auth: 'user',
      params: idParams,
      status: 204,
      handler: ({ actor, params }) => deleteSnippet(ctx, actor, params.id),
    }),
  ];
}
