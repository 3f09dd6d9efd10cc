import { TeamCreate, TeamUpdate } from '../../../common/api.js';
import type { Ctx } from '../../domain/context.js';
import { createTeam, listTeams, updateTeam } from '../../domain/teams.js';
import { idParams, listOf, route } from '../route.js';
import { TeamOut, pageOf } from '../../../common/api-outputs/index.js';

/** `/api/v1/teams`. */
export function teamRoutes(ctx: Ctx) {
  return [
    route({
      method: 'GET',
      url: '/api/v1/teams',
      operationId: 'listTeams',
      response: pageOf(TeamOut),
      summary: 'All teams with their members',
      tag: 'teams',
      auth: 'user',
      handler: async ({ actor }) => listOf(await listTeams(ctx, actor)),
    }),
    route({
      method: 'POST',
      url: '/api/v1/teams',
      operationId: 'createTeam',
      response: TeamOut,
      summary: 'Create a team (admins)',
      tag: 'teams',
      auth: 'user',
      body: TeamCreate,
      status: 201,
      handler: ({ actor, body }) => createTeam(ctx, actor, body),
    }),
    route({
      method: 'PATCH',
      url: '/api/v1/teams/:id',
      operationId: 'updateTeam',
      response: TeamOut,
      summary: 'Rename a team or set its members (admins)',
      tag: 'teams',
      auth: 'user',
      params: idParams,
      body: TeamUpdate,
      handler: ({ actor, params, body }) => updateTeam(ctx, actor, params.id, body),
    }),
  ];
}
