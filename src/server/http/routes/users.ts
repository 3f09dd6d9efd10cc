import { TeamCreate, TeamUpdate, UserCreate, UserUpdate } from '../../../common/api.js';
import type { Ctx } from '../../domain/context.js';
import { createTeam, listTeams, updateTeam } from '../../domain/teams.js';
import { createUser, listUsers, updateUser } from '../../domain/users.js';
import { idParams, listOf, route } from '../route.js';

export function userRoutes(ctx: Ctx) {
  return [
    route({ method: 'GET', url: '/api/v1/users', summary: 'All users (to assign and mention)', tag: 'users', auth: 'user', handler: async ({ actor }) => listOf(await listUsers(ctx, actor)) }),
    route({
      method: 'POST',
      url: '/api/v1/users',
      summary: 'Create a user (admins); without a password one is generated and returned once',
      tag: 'users',
      auth: 'user',
      body: UserCreate,
      status: 201,
      handler: async ({ actor, body }) => {
        const { user, password } = await createUser(ctx, actor, body);
        return { ...user, ...(body.password ? {} : { initialPassword: password }) };
      },
    }),
    route({ method: 'PATCH', url: '/api/v1/users/:id', summary: 'Change a user: role, paid seat, availability (admins)', tag: 'users', auth: 'user', params: idParams, body: UserUpdate, handler: ({ actor, params, body }) => updateUser(ctx, actor, params.id, body) }),
    route({ method: 'GET', url: '/api/v1/teams', summary: 'All teams with their members', tag: 'teams', auth: 'user', handler: async ({ actor }) => listOf(await listTeams(ctx, actor)) }),
    route({ method: 'POST', url: '/api/v1/teams', summary: 'Create a team (admins)', tag: 'teams', auth: 'user', body: TeamCreate, status: 201, handler: ({ actor, body }) => createTeam(ctx, actor, body) }),
    route({ method: 'PATCH', url: '/api/v1/teams/:id', summary: 'Rename a team or set its members (admins)', tag: 'teams', auth: 'user', params: idParams, body: TeamUpdate, handler: ({ actor, params, body }) => updateTeam(ctx, actor, params.id, body) }),
  ];
}
