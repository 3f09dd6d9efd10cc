import type { Database } from './database.js';

/**
 * Leases: one process at a time works something (an IMAP mailbox's poller, named by its channel's
 * id; a durable event subscriber, `subscriber:<name>`). Taking and
 * renewing are one conditional upsert, so two processes racing for a free or expired lease
 * cannot both win: the row is written only when nobody holds it, the holder is this process,
 * or the lease has expired. Times are ISO strings (text compares in time order on both engines).
 */

/** Takes the lease, or renews it when this holder has it. True when `holder` holds it now until `now + ttlMs`. */
export async function takeLease(db: Database, name: string, holder: string, ttlMs: number, now = new Date()): Promise<boolean> {
  const nowIso = now.toISOString();
  const expires = new Date(now.getTime() + ttlMs).toISOString();
  const row = await db.kysely
    .insertInto('leases')
    .values({ name, holder, expires_at: expires })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ holder, expires_at: expires })
        .where((eb) => eb.or([eb('leases.holder', '=', holder), eb('leases.expires_at', '<', nowIso)])),
    )
    .returning('holder')
    .executeTakeFirst();
  return row?.holder === holder;
}

/** Takes the lease over from `from` (known to be dead) before it expires; false when someone else changed it meanwhile. */
export async function takeOverLease(
  db: Database,
  name: string,
  from: string,
  holder: string,
  ttlMs: number,
  now = new Date(),
): Promise<boolean> {
  const r = await db.kysely
    .updateTable('leases')
    .set({ holder, expires_at: new Date(now.getTime() + ttlMs).toISOString() })
    .where('name', '=', name)
    .where('holder', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Gives the lease up at once (a clean stop), so another process need not wait for it to expire. */
export async function releaseLease(db: Database, name: string, holder: string): Promise<void> {
  await db.kysely.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
}

/** Who holds the lease and until when, or null (for tests and diagnostics). */
export async function leaseOf(db: Database, name: string): Promise<{ holder: string; expiresAt: string } | null> {
  const r = await db.kysely.selectFrom('leases').select(['holder', 'expires_at']).where('name', '=', name).executeTakeFirst();
  return r ? { holder: r.holder, expiresAt: r.expires_at } : null;
}
