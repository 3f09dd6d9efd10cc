/**
 * An inbox's business hours (F-REPORT): read by anyone who may read the inbox, set by admins; stored
 * as JSON in `inboxes.business_hours` (null: always open). Reports read them inside their
 * transactions with `businessHoursOf`.
 */
import { z } from 'zod';
import { BusinessHours, normalizeBusinessHours, type BusinessHoursOut } from '../../common/business-hours.js';
import type { Database, Db, Trx } from '../db/database.js';
import { decodeJson, encodeJson } from '../db/json.js';
import { enqueue, jobKind } from '../db/job-queue.js';
import { prepared } from '../db/prepared.js';
import { authorizeAdmin, authorizeInbox, type Actor } from '../permissions/policy.js';
import { write, type Ctx } from './context.js';
import { notFound } from './errors.js';

// Prepared (prepared.ts): reports read it in the transaction of every fact they write.
const hoursRow = prepared((k, $) => k.selectFrom('inboxes').select('business_hours').where('id', '=', $(0)));

/** Counts an inbox's report facts' business time again (`jobs/recount-business-time.ts`). */
export const RECOUNT_BUSINESS_TIME_JOB = jobKind('recount-business-time', z.object({ inboxId: z.string() }));

/** Stored texts already parsed, so the same hours are one frozen object (`businessSeconds` caches its work per object). */
const parsed = new Map<string, BusinessHours | null>();
const MAX_PARSED = 500;

function freeze(h: BusinessHours): BusinessHours {
  for (const i of h.week) Object.freeze(i);
  Object.freeze(h.week);
  Object.freeze(h.holidays);
  return Object.freeze(h);
}

/** The hours a stored text holds; null for none, or for a text that is not valid hours (always open, never an error). */
function hoursOfText(text: string | null | undefined): BusinessHours | null {
  if (!text) return null;
  let h = parsed.get(text);
  if (h === undefined) {
    const r = BusinessHours.safeParse(decodeJson<unknown>(text, null));
    h = r.success ? freeze(r.data) : null;
    if (parsed.size >= MAX_PARSED) parsed.clear();
    parsed.set(text, h);
  }
  return h;
}

/** The inbox's business hours (null: always open, or no such inbox), read on `on` (a transaction or the database). */
export async function businessHoursOf(db: Database, on: Db | Trx, inboxId: string): Promise<BusinessHours | null> {
  const row = (await hoursRow(db, on, [inboxId])).rows[0];
  return hoursOfText(row?.business_hours);
}

export async function getBusinessHours(ctx: Ctx, actor: Actor, inboxId: string): Promise<BusinessHoursOut> {
  authorizeInbox(actor, inboxId, 'read');
  const row = (await hoursRow(ctx.db, ctx.db.kysely, [inboxId])).rows[0];
  if (!row) throw notFound('Inbox not found');
  return { hours: hoursOfText(row.business_hours) };
}

/** Admins: sets the hours (null: always open); said on the stream as `inbox.updated`. */
export async function setBusinessHours(ctx: Ctx, actor: Actor, inboxId: string, hours: BusinessHours | null): Promise<BusinessHoursOut> {
  authorizeInbox(actor, inboxId, 'read');
  authorizeAdmin(actor);
  const stored = hours ? normalizeBusinessHours(hours) : null;
  await write(ctx, async (w) => {
    const r = await w.trx
      .updateTable('inboxes')
      .set({ business_hours: stored ? encodeJson(stored) : null })
      .where('id', '=', inboxId)
      .executeTakeFirst();
    if (!Number(r.numUpdatedRows)) throw notFound('Inbox not found');
    // The reports' business time is counted again in the background, once however often the hours change meanwhile.
    await enqueue(w.trx, RECOUNT_BUSINESS_TIME_JOB, { inboxId }, { dedupeKey: `recount-business-time:${inboxId}:${w.at}` });
    w.emit({ type: 'inbox.updated', inboxId, payload: { inboxId } });
  });
  return { hours: stored };
}
