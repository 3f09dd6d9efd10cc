import type { FastifyRequest } from 'fastify';
import { apiTokenCredential, loadActor, sessionCredential, type Authenticated } from '../domain/auth.js';
import type { Ctx } from '../domain/context.js';
import { DomainError, forbidden } from '../domain/errors.js';
import type { Actor } from '../permissions/policy.js';

export const SESSION_COOKIE = 'sb_session';

/**
 * A bearer API token, or the session cookie (of an active user, unexpired); the actor carries which. Cookie-authenticated requests that change state
 * must come from our own origin (CSRF): the browser's Origin (or Sec-Fetch-Site) must match.
 */
export async function authenticate(ctx: Ctx, req: FastifyRequest, opts: { checkOrigin: boolean; publicUrl?: string }): Promise<Actor> {
  const header = req.headers.authorization;
  let found: Authenticated | null = null;
  if (header?.startsWith('Bearer ')) {
    found = await apiTokenCredential(ctx, header.slice(7).trim());
    if (!found) throw new DomainError('unauthenticated', 'Invalid API token');
  } else {
    const token = req.cookies[SESSION_COOKIE];
    if (token) found = await sessionCredential(ctx, token);
    if (!found) throw new DomainError('unauthenticated', 'Log in to continue');
    if (opts.checkOrigin && !sameOrigin(req, opts.publicUrl)) {
      throw forbidden('cross_site', 'Cross-site request refused');
    }
  }
  const actor = await loadActor(ctx, found.userId);
  if (!actor || actor.deactivated) throw new DomainError('unauthenticated', 'Log in to continue');
  return { ...actor, credential: found.credential };
}

export function sameOrigin(req: FastifyRequest, publicUrl?: string): boolean {
  const origin = req.headers.origin;
  if (origin) {
    if (publicUrl && origin === new URL(publicUrl).origin) return true;
    try {
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  }
  return req.headers['sec-fetch-site'] === 'same-origin';
}
