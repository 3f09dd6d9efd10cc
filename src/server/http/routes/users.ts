import { UserCreate, UserUpdate } from '../../../common/api.js';
import type { Ctx } from '../../domain/context.js';
import { createUser, listUsers, updateUser } from '../../domain/users.js';
import { startPasswordReset } from '../../domain/passwords.js';
import { setUserActive } from '../../domain/user-access.js';
import { idParams, listOf, route } from '../route.js';
import { CreatedUserOut, PasswordResetOut, UserOut, pageOf } from '../../../common/api-outputs/index.js';

export function userRoutes(ctx: Ctx, opts: { publicUrl?: string; canEmail?: () => Promise<boolean> } = {}) {
  return [
    route({
      method: 'GET',
      url: '/api/v1/users',
      operationId: 'listUsers',
      response: pageOf(UserOut),
      summary: 'All users (to assign and mention)',
      tag: 'users',
      auth: 'user',
      handler: async ({ actor }) => listOf(await listUsers(ctx, actor)),
    }),
    route({
      method: 'POST',
      url: '/api/v1/users',
      operationId: 'createUser',
      response: CreatedUserOut,
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
    route({
      method: 'PATCH',
      url: '/api/v1/users/:id',
      operationId: 'updateUser',
      response: UserOut,
      summary: 'Change a user: role, paid seat, availability (admins)',
      tag: 'users',
      auth: 'user',
      params: idParams,
      body: UserUpdate,
      handler: ({ actor, params, body }) => updateUser(ctx, actor, params.id, body),
    }),
    route({
      method: 'POST',
      url: '/api/v1/users/:id/deactivate',
      operationId: 'deactivateUser',
      response: UserOut,
      summary: 'Deactivate a user (admins): history kept; no login, no API, no routing; sessions, tokens and open streams end',
      tag: 'users',
      auth: 'user',
      params: idParams,
      handler: ({ actor, params }) => setUserActive(ctx, actor, params.id, false),
    }),
    route({
      method: 'POST',
      url: '/api/v1/users/:id/reactivate',
      operationId: 'reactivateUser',
      response: UserOut,
      summary: 'Reactivate a deactivated user (admins)',
      tag: 'users',
      auth: 'user',
      params: idParams,
      handler: ({ actor, params }) => setUserActive(ctx, actor, params.id, true),
    }),
    route({
      method: 'POST',
      url: '/api/v1/users/:id/password-reset',
      operationId: 'startPasswordReset',
      response: PasswordResetOut,
      summary:
        'Start a password reset (admins): a one-time link for 24 hours, mailed to the user when an outgoing mail server (Settings or SMTP_RELAY_URL) is set, otherwise answered for the admin to pass on',
      tag: 'users',
      auth: 'user',
      params: idParams,
      status: 201,
      handler: async ({ actor, params, req }) =>
        startPasswordReset(ctx, actor, params.id, {
          baseUrl: opts.publicUrl ?? `${req.protocol}://${req.host}`,
          canEmail: (await opts.canEmail?.()) ?? false,
        }),
    }),
  ];
}
