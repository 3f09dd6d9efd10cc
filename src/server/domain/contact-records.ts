/** What agents record on a contact: notes, tasks, calls (activities), and deals. */
import type { ActivityOut, DealOut } from '../../common/crm-api.js';
import type { Trx } from '../db/database.js';
import { decodeJson, encodeJson } from '../db/json.js';
import type { ContactActivitiesTable, DealsTable } from '../db/schema-crm.js';
import type { Actor } from '../permissions/policy.js';
import { getContact } from './contacts.js';
import { write, type Ctx, type Writer } from './context.js';
import { invalid, notFound } from './errors.js';
import { newId } from './ids.js';

type ActivityRow = ContactActivitiesTable & { user_name: string | null };

export function presentActivity(a: ActivityRow): ActivityOut {
  return {
    id: a.id,
    contactId: a.contact_id,
    kind: a.kind,
    user: a.user_id ? { id: a.user_id, name: a.user_name ?? '' } : null,
    body: a.body,
    dueAt: a.due_at,
    assigneeId: a.assignee_id,
    done: a.done === 1,
    data: activityData(a),
    createdAt: a.created_at,
    updatedAt: a.updated_at,
  };
}

/** A merge recorded before counts were left out kept how many conversations moved: not shown, some may be unreadable. */
function activityData(a: ActivityRow): Record<string, unknown> {
  const data = decodeJson<Record<string, unknown>>(a.data, {});
  if (a.kind === 'merge') delete data.conversations;
  return data;
}

function activityQuery(q: Ctx['db']['kysely'] | Trx) {
  return q.selectFrom('contact_activities as a').leftJoin('users as u', 'u.id', 'a.user_id').selectAll('a').select('u.name as user_name');
}

/** The contact's activities, newest first; `kind` narrows to notes, tasks, calls or merges. */
export async function listActivities(
  ctx: Ctx,
  actor: Actor,
  contactId: string,
  kind?: ContactActivitiesTable['kind'],
): Promise<ActivityOut[]> {
  await getContact(ctx, actor, contactId);
  let q = activityQuery(ctx.db.kysely).where('a.contact_id', '=', contactId);
  if (kind) q = q.where('a.kind', '=', kind);
  const rows = await q.orderBy('a.created_at', 'desc').orderBy('a.id', 'desc').limit(500).execute();
  return rows.map(presentActivity);
}

async function assertUser(trx: Trx, field: string, userId: string | null | undefined) {
  if (!userId) return;
  if (!(await trx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst()))
    throw invalid(field, 'is not a user', 'not_a_user');
}

/** Inside a write: used by merge too (the merge is recorded as an activity). */
export async function insertActivity(
  w: Writer,
  row: Omit<ContactActivitiesTable, 'id' | 'created_at' | 'updated_at' | 'done' | 'due_at' | 'assignee_id' | 'data'> &
    Partial<ContactActivitiesTable>,
): Promise<string> {
  const id = newId();
  await w.trx
    .insertInto('contact_activities')
    .values({ id, done: 0, due_at: null, assignee_id: null, data: '{}', created_at: w.at, updated_at: w.at, ...row })
    .execute();
  w.emit({ type: 'contact.updated', inboxId: null, payload: { contactId: row.contact_id, activityId: id } });
  return id;
}

async function addActivity(
  ctx: Ctx,
  actor: Actor,
  contactId: string,
  row: Partial<ContactActivitiesTable> & { kind: ContactActivitiesTable['kind'] },
): Promise<ActivityOut> {
  await getContact(ctx, actor, contactId);
  const id = await write(ctx, async (w) => {
    await assertUser(w.trx, 'assigneeId', row.assignee_id);
    return insertActivity(w, { body: '', ...row, contact_id: contactId, user_id: actor.id });
  });
  return presentActivity((await activityQuery(ctx.db.kysely).where('a.id', '=', id).executeTakeFirstOrThrow()) as ActivityRow);
}

export const addNote = (ctx: Ctx, actor: Actor, contactId: string, input: { body: string }) =>
  addActivity(ctx, actor, contactId, { kind: 'note', body: input.body });

export const addTask = (
  ctx: Ctx,
  actor: Actor,
  contactId: string,
  input: { title: string; dueAt?: string | null; assigneeId?: string | null },
) =>
  addActivity(ctx, actor, contactId, {
    kind: 'task',
    body: input.title,
    due_at: input.dueAt ? new Date(input.dueAt).toISOString() : null,
    assignee_id: input.assigneeId ?? actor.id,
  });

export const logCall = (ctx: Ctx, actor: Actor, contactId: string, input: { summary: string; outcome: string; durationMinutes?: number }) =>
  addActivity(ctx, actor, contactId, {
    kind: 'call',
    body: input.summary,
    data: encodeJson({ outcome: input.outcome, durationMinutes: input.durationMinutes ?? null }),
  });

export async function updateTask(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: { title?: string; dueAt?: string | null; assigneeId?: string | null; done?: boolean },
): Promise<ActivityOut> {
  const t = await ctx.db.kysely
    .selectFrom('contact_activities')
    .selectAll()
    .where('id', '=', id)
    .where('kind', '=', 'task')
    .executeTakeFirst();
  if (!t) throw notFound('Task not found');
  await getContact(ctx, actor, t.contact_id);
  await write(ctx, async (w) => {
    await assertUser(w.trx, 'assigneeId', input.assigneeId);
    const set: Partial<ContactActivitiesTable> = { updated_at: w.at };
    if (input.title !== undefined) set.body = input.title;
    if (input.dueAt !== undefined) set.due_at = input.dueAt ? new Date(input.dueAt).toISOString() : null;
    if (input.assigneeId !== undefined) set.assignee_id = input.assigneeId;
    if (input.done !== undefined) set.done = input.done ? 1 : 0;
    await w.trx.updateTable('contact_activities').set(set).where('id', '=', id).execute();
    w.emit({ type: 'contact.updated', inboxId: null, payload: { contactId: t.contact_id, activityId: id } });
  });
  return presentActivity((await activityQuery(ctx.db.kysely).where('a.id', '=', id).executeTakeFirstOrThrow()) as ActivityRow);
}

// ---- deals ----
export function presentDeal(d: DealsTable): DealOut {
  return {
    id: d.id,
    contactId: d.contact_id,
    name: d.name,
    amount: Number(d.amount_cents) / 100,
    stage: d.stage as DealOut['stage'],
    ownerId: d.owner_id,
    createdAt: d.created_at,
  };
}

export async function listDeals(ctx: Ctx, actor: Actor, contactId: string): Promise<DealOut[]> {
  await getContact(ctx, actor, contactId);
  const rows = await ctx.db.kysely
    .selectFrom('deals')
    .selectAll()
    .where('contact_id', '=', contactId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(presentDeal);
}

export async function createDeal(
  ctx: Ctx,
  actor: Actor,
  contactId: string,
  input: { name: string; amount: number; stage: string; ownerId?: string | null },
): Promise<DealOut> {
  await getContact(ctx, actor, contactId);
  const id = newId();
  await write(ctx, async (w) => {
    await assertUser(w.trx, 'ownerId', input.ownerId);
    await w.trx
      .insertInto('deals')
      .values({
        id,
        contact_id: contactId,
        name: input.name,
        amount_cents: Math.round(input.amount * 100),
        stage: input.stage,
        owner_id: input.ownerId ?? actor.id,
        created_at: w.at,
        updated_at: w.at,
      })
      .execute();
    w.emit({ type: 'contact.updated', inboxId: null, payload: { contactId, dealId: id } });
  });
  return presentDeal(await ctx.db.kysely.selectFrom('deals').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
}

export async function updateDeal(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: { name?: string; amount?: number; stage?: string; ownerId?: string | null },
): Promise<DealOut> {
  const d = await ctx.db.kysely.selectFrom('deals').selectAll().where('id', '=', id).executeTakeFirst();
  if (!d) throw notFound('Deal not found');
  await getContact(ctx, actor, d.contact_id);
  await write(ctx, async (w) => {
    await assertUser(w.trx, 'ownerId', input.ownerId);
    const set: Partial<DealsTable> = { updated_at: w.at };
    if (input.name !== undefined) set.name = input.name;
    if (input.amount !== undefined) set.amount_cents = Math.round(input.amount * 100);
    if (input.stage !== undefined) set.stage = input.stage;
    if (input.ownerId !== undefined) set.owner_id = input.ownerId;
    await w.trx.updateTable('deals').set(set).where('id', '=', id).execute();
    w.emit({ type: 'contact.updated', inboxId: null, payload: { contactId: d.contact_id, dealId: id } });
  });
  return presentDeal(await ctx.db.kysely.selectFrom('deals').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
}
