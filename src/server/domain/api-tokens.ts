/**
 * A user's API tokens: named, optionally expiring, `write` or `read` (GET routes and the stream
 * only). The secret is shown once, at creation; only its SHA-256 is stored. Revoking a token
 * deletes it and closes the streams it opened.
 */
import type { ApiTokenOut, CreatedApiTokenOut } from '../../common/api.js';
import type { ApiTokensTable } from '../db/schema.js';
import { authorizeSessionOnly, type Actor } from '../permissions/policy.js';
import { emitAccessRevoked } from './auth.js';
import { write, type Ctx } from './context.js';
import { invalid, notFound } from './errors.js';
import { newId, randomToken, sha256 } from './ids.js';

const MAX_TOKENS_PER_USER = 50;

const present = (t: Omit<ApiTokensTable, 'token_hash' | 'user_id'>): ApiTokenOut => ({
  id: t.id,
  name: t.name,
  scope: t.scope === 'read' ? 'read' : 'write',
  createdAt: t.created_at,
  expiresAt: t.expires_at,
  lastUsedAt: t.last_used_at,
});

export async function createApiToken(
  ctx: Ctx,
  actor: Actor,
  input: { name: string; scope?: 'read' | 'write'; expiresAt?: string | null },
): Promise<CreatedApiTokenOut> {
  authorizeSessionOnly(actor);
  const at = new Date().toISOString();
  const expiresAt = input.expiresAt ? new Date(input.expiresAt).toISOString() : null;
  if (expiresAt && expiresAt <= at) throw invalid('expiresAt', 'must be in the future', 'not_in_future');
  const token = `sb_${randomToken()}`;
  const row = {
    id: newId(),
    user_id: actor.id,
    name: input.name,
    token_hash: sha256(token),
    created_at: at,
    last_used_at: null,
    expires_at: expiresAt,
    scope: input.scope ?? 'write',
  } as const;
  await write(ctx, async (w) => {
    const n = await w.trx
      .selectFrom('api_tokens')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('user_id', '=', actor.id)
      .executeTakeFirstOrThrow();
    if (Number(n.n) >= MAX_TOKENS_PER_USER)
      throw invalid('name', `you already have ${MAX_TOKENS_PER_USER} tokens: revoke one first`, 'token_limit', {
        max: MAX_TOKENS_PER_USER,
      });
    await w.trx.insertInto('api_tokens').values(row).execute();
  });
  return { ...present(row), token };
}

/** The actor's own tokens, newest first; never the secret. */
export async function listApiTokens(ctx: Ctx, actor: Actor): Promise<ApiTokenOut[]> {
  const rows = await ctx.db.kysely
    .selectFrom('api_tokens')
    .select(['id', 'name', 'scope', 'created_at', 'expires_at', 'last_used_at'])
    .where('user_id', '=', actor.id)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(present);
}

/** Revokes one of the actor's own tokens (someone else's answers 404, like an unknown one). */
export async function revokeApiToken(ctx: Ctx, actor: Actor, id: string): Promise<void> {
  authorizeSessionOnly(actor);
  await write(ctx, async (w) => {
    const r = await w.trx.deleteFrom('api_tokens').where('id', '=', id).where('user_id', '=', actor.id).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw notFound('Token not found');
    emitAccessRevoked(w, actor.id);
  });
}
