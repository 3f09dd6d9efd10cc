import { MeUpdate, PasswordChange } from '../../../common/api.js';
import { changeOwnPassword } from '../../domain/passwords.js';
import type { Ctx } from '../../domain/context.js';
import { getUser, updateMe } from '../../domain/users.js';
import { route } from '../route.js';
import { UserOut } from '../../../common/api-outputs/index.js';

/** `/api/v1/me`: your own profile and password. */
export function meRoutes(ctx: Ctx) {
  return [
    route({
      method: 'GET',
      url: '/api/v1/me',
      operationId: 'getMe',
      response: UserOut,
      summary: 'The current user',
      tag: 'auth',
      auth: 'user',
      handler: ({ actor }) => getUser(ctx, actor.id),
    }),
    route({
      method: 'PATCH',
      url: '/api/v1/me',
      operationId: 'updateMe',
      response: UserOut,
      summary: 'Change your name, avatar, meeting link, language or availability (away mode)',
      tag: 'auth',
      auth: 'user',
      body: MeUpdate,
      handler: ({ actor, body }) => updateMe(ctx, actor, body),
    }),
    route({
      method: 'POST',
      url: '/api/v1/me/password',
      operationId: 'changePassword',
      summary: 'Change your password (current and new); your other sessions and every API token end',
      tag: 'auth',
      auth: 'user',
      body: PasswordChange,
      status: 204,
      rateLimit: { max: 10, timeWindow: '1 minute' },
      handler: ({ actor, body }) => changeOwnPassword(ctx, actor, body),
    }),
  ];
}
