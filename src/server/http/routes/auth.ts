import { LoginInput, PasswordResetInput } from '../../../common/api.js';
import { login, logout } from '../../domain/auth.js';
import { completePasswordReset } from '../../domain/passwords.js';
import type { Ctx } from '../../domain/context.js';
import { getUser } from '../../domain/users.js';
import { DomainError } from '../../domain/errors.js';
import { authenticate, SESSION_COOKIE } from '../authenticate.js';
import { route } from '../route.js';
import { SessionOut, UserOut } from '../../../common/api-outputs/index.js';

export function authRoutes(ctx: Ctx, opts: { sessionDays: number; secureCookies: boolean }) {
  return [
    route({
      method: 'GET',
      url: '/api/v1/auth/session',
      operationId: 'getSession',
      response: SessionOut,
      summary:
        'Who is signed in: `{user}`, or `{user: null}` when nobody is (the app asks this on load, so a signed-out visit is not an error)',
      tag: 'auth',
      auth: 'none',
      handler: async ({ req }) => {
        try {
          const actor = await authenticate(ctx, req, { checkOrigin: false });
          return { user: await getUser(ctx, actor.id) };
        } catch (err) {
          if (err instanceof DomainError && err.code === 'unauthenticated') return { user: null };
          throw err;
        }
      },
    }),
    route({
      method: 'POST',
      url: '/api/v1/auth/login',
      operationId: 'login',
      response: UserOut,
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
      operationId: 'logout',
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
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      operationId: 'completePasswordReset',
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
