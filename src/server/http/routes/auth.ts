import { LoginInput, MeUpdate, PasswordChange, PasswordResetInput, TokenInput } from '../../../common/api.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../../domain/api-tokens.js';
import { login, logout } from '../../domain/auth.js';
import { changeOwnPassword, completePasswordReset } from '../../domain/passwords.js';
import type { Ctx } from '../../domain/context.js';
import { getUser, updateMe } from '../../domain/users.js';
import { SESSION_COOKIE } from '../authenticate.js';
import { idParams, listOf, route } from '../route.js';

export function authRoutes(ctx: Ctx, opts: { sessionDays: number; secureCookies: boolean }) {
  return [
    route({
      method: 'POST',
      url: '/api/v1/auth/login',
      summary: 'Log in; sets an httpOnly session cookie (a new one at every login)',
      tag: 'auth',
      auth: 'none',
      body: LoginInput,
      rateLimit: { max: 20, timeWindow: '1 minute' },
      handler: async ({ body, req, reply }) => {
        const old = req.cookies[SESSION_COOKIE];
        if (old) await logout(ctx, old);
        const { token, user } = await login(ctx, body.email, body.password, opts.sessionDays, req.ip);
        reply.setCookie(SESSION_COOKIE, token, {
          httpOnly: true,
          sameSite: 'lax',
          secure: opts.secureCookies,
          path: '/',
          maxAge: opts.sessionDays * 86400,
        });
        return user;
      },
    }),
    route({
      method: 'POST',
      url: '/api/v1/auth/logout',
      summary: 'Log out (ends this session)',
      tag: 'auth',
      auth: 'user',
      status: 204,
      handler: async ({ req, reply }) => {
        const token = req.cookies[SESSION_COOKIE];
        if (token) await logout(ctx, token);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
      },
    }),
    route({
      method: 'GET',
      url: '/api/v1/me',
      summary: 'The current user',
      tag: 'auth',
      auth: 'user',
      handler: ({ actor }) => getUser(ctx, actor.id),
    }),
    route({
      method: 'PATCH',
      url: '/api/v1/me',
      summary: 'Change your name, avatar, meeting link, language or availability (away mode)',
      tag: 'auth',
      auth: 'user',
      body: MeUpdate,
      handler: ({ actor, body }) => updateMe(ctx, actor, body),
    }),
    route({
      method: 'POST',
      url: '/api/v1/tokens',
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
      summary: 'Your API tokens (never their secrets)',
      tag: 'auth',
      auth: 'user',
      handler: async ({ actor }) => listOf(await listApiTokens(ctx, actor)),
    }),
    route({
      method: 'DELETE',
      url: '/api/v1/tokens/:id',
      summary: 'Revoke one of your API tokens (streams it opened close)',
      tag: 'auth',
      auth: 'user',
      params: idParams,
      status: 204,
      handler: ({ actor, params }) => revokeApiToken(ctx, actor, params.id),
    }),
    route({
      method: 'POST',
      url: '/api/v1/me/password',
      summary: 'Change your password (current and new); your other sessions and every API token end',
      tag: 'auth',
      auth: 'user',
      body: PasswordChange,
      status: 204,
      rateLimit: { max: 10, timeWindow: '1 minute' },
      handler: ({ actor, body }) => changeOwnPassword(ctx, actor, body),
    }),
    route({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      summary: 'Set a new password with the one-time link an admin started; every session and API token of the user ends',
      tag: 'auth',
      auth: 'none',
      body: PasswordResetInput,
      status: 204,
      rateLimit: { max: 20, timeWindow: '1 minute' },
      handler: ({ body }) => completePasswordReset(ctx, body),
    }),
  ];
}
