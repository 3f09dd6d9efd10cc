import { ConversationTicketCreate, PipelineCreate, TicketCreate, TicketListQuery, TicketUpdate } from '../../../common/crm-api.js';
import type { Ctx } from '../../domain/context.js';
import {
  contactTickets,
  createPipeline,
  createTicket,
  createTicketFromConversation,
  getTicket,
  listPipelines,
  listTickets,
  updateTicket,
} from '../../domain/tickets.js';
import { idParams, listOf, route } from '../route.js';

export function ticketRoutes(ctx: Ctx) {
  const tag = 'tickets';
  return [
    route({
      method: 'GET',
      url: '/api/v1/pipelines',
      summary: 'Ticket pipelines with their ordered stages',
      tag,
      auth: 'user',
      handler: async ({ actor }) => listOf(await listPipelines(ctx, actor)),
    }),
    route({
      method: 'POST',
      url: '/api/v1/pipelines',
      summary: 'Create a pipeline with ordered stages (admins)',
      tag,
      auth: 'user',
      body: PipelineCreate,
      status: 201,
      handler: ({ actor, body }) => createPipeline(ctx, actor, body),
    }),
    route({
      method: 'GET',
      url: '/api/v1/tickets',
      summary: 'Tickets you may read (for the board and the list)',
      tag,
      auth: 'user',
      query: TicketListQuery,
      handler: ({ actor, query }) => listTickets(ctx, actor, query),
    }),
    route({
      method: 'POST',
      url: '/api/v1/tickets',
      summary: 'Create a ticket (default pipeline and first stage unless given)',
      tag,
      auth: 'user',
      body: TicketCreate,
      status: 201,
      handler: ({ actor, body }) => createTicket(ctx, actor, body),
    }),
    route({
      method: 'GET',
      url: '/api/v1/tickets/:id',
      summary: 'One ticket',
      tag,
      auth: 'user',
      params: idParams,
      handler: ({ actor, params }) => getTicket(ctx, actor, params.id),
    }),
    route({
      method: 'PATCH',
      url: '/api/v1/tickets/:id',
      summary: 'Move a ticket to another stage, rename it, change its owner',
      tag,
      auth: 'user',
      params: idParams,
      body: TicketUpdate,
      handler: ({ actor, params, body }) => updateTicket(ctx, actor, params.id, body),
    }),
    route({
      method: 'POST',
      url: '/api/v1/conversations/:id/tickets',
      summary: "Create a ticket from a conversation (linked to it and its contact; the owner defaults to the conversation's assignee)",
      tag,
      auth: 'user',
      params: idParams,
      body: ConversationTicketCreate,
      status: 201,
      handler: ({ actor, params, body }) => createTicketFromConversation(ctx, actor, params.id, body),
    }),
    route({
      method: 'GET',
      url: '/api/v1/contacts/:id/tickets',
      summary: "A contact's tickets that you may read",
      tag,
      auth: 'user',
      params: idParams,
      handler: ({ actor, params }) => contactTickets(ctx, actor, params.id),
    }),
  ];
}
