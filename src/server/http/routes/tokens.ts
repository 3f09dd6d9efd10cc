import { TokenInput } from '../../../common/api.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../../domain/api-tokens.js';
import type { Ctx } from '../../domain/context.js';
import { idParams, listOf, route } from '../route.js';
import { ApiTokenOut, CreatedApiTokenOut, pageOf } from '../../../common/api-outputs/index.js';

/** `/api/v1/tokens`: your personal API tokens. */
export function tokenRoutes(ctx: Ctx) {
  return [
    route({
      method: 'POST',
      url: '/api/v1/tokens',
      operationId: 'createToken',
      response: CreatedApiTokenOut,
      summary:
        'Create an API token (shown once) for `Authorization: Bearer <token>`: a name, an optional expiry, scope `write` or `read` (GET routes and the stream only); from a signed-in session',
      tag: 'auth',
      auth: 'user',
      body: TokenInput,
      status: 201,
      handler: ({ actor, body }) => createApiToken(ctx, actor, body),
    }),
    route({
      method: 'GET',
      url: '/api/v1/tokens',
      operationId: 'listTokens',
      response: pageOf(ApiTokenOut),
      summary: 'Your API tokens (never their secrets)',
      tag: 'auth',
      auth: 'user',
      handler: async ({ actor }) => listOf(await listApiTokens(ctx, actor)),
    }),
    route({
      method: 'DELETE',
      url: '/api/v1/tokens/:id',
      operationId: 'revokeToken',
      summary: 'Revoke one of your API tokens (streams it opened close)',
      tag: 'auth',
      auth: 'user',
      params: idParams,
      status: 204,
      handler: ({ actor, params }) => revokeApiToken(ctx, actor, params.id),
    }),
  ];
}
