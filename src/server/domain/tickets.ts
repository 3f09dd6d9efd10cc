/** Ticket pipelines with ordered stages, and tickets (from a conversation, a contact, or on their own). */
import type { PipelineOut, TicketOut } from '../../common/crm-api.js';
import { ticketStageKeys, type TicketStageKey } from '../../common/crm-constants.js';
import type { Trx } from '../db/database.js';
import { isUniqueViolation } from '../db/database.js';
import type { ConversationsTable } from '../db/schema.js';
import { authorizeAdmin, authorizeTicket, readableInboxIds, ticketAbilities, type Actor } from '../permissions/policy.js';
import { getContact } from './contacts.js';
import { write, type Ctx, type Writer } from './context.js';
import { conversationFor } from './conversations.js';
import { conflict, invalid, notFound } from './errors.js';
import { newId } from './ids.js';
import { insertSystemMessage } from './messages.js';

type Q = Ctx['db']['kysely'] | Trx;

/** A default stage's key (the app words it in the reader's language), or null for a stage an admin named. */
const stageKeyOf = (k: string | null): TicketStageKey | null =>
  (ticketStageKeys as readonly string[]).includes(k ?? '') ? (k as TicketStageKey) : null;

export async function listPipelines(ctx: Ctx, _actor: Actor): Promise<PipelineOut[]> {
  const k = ctx.db.kysely;
  const pipelines = await k.selectFrom('pipelines').selectAll().orderBy('is_default', 'desc').orderBy('name').execute();
  const stages = await k.selectFrom('pipeline_stages').selectAll().orderBy('position').execute();
  return pipelines.map((p) => ({
    id: p.id,
    name: p.name,
    isDefault: p.is_default === 1,
    stages: stages
      .filter((s) => s.pipeline_id === p.id)
      .map((s) => ({ id: s.id, name: s.name, key: stageKeyOf(s.key), position: s.position })),
  }));
}

export async function createPipeline(ctx: Ctx, actor: Actor, input: { name: string; stages: string[] }): Promise<PipelineOut> {
  authorizeAdmin(actor);
  const id = newId();
  await write(ctx, async (w) => {
    await w.trx.insertInto('pipelines').values({ id, name: input.name, is_default: 0, created_at: w.at }).execute();
    await w.trx
      .insertInto('pipeline_stages')
      .values(input.stages.map((name, position) => ({ id: newId(), pipeline_id: id, name, position })))
      .execute();
  }).catch((e) => {
    if (isUniqueViolation(e)) throw conflict('pipeline_exists', 'A pipeline with this name already exists', { field: 'name' });
    throw e;
  });
  return (await listPipelines(ctx, actor)).find((p) => p.id === id)!;
}

/** The pipeline and stage a new ticket goes to: the given ones, or the default pipeline's first stage. */
export async function resolveStage(
  q: Q,
  pipelineId?: string | null,
  stageId?: string | null,
): Promise<{ pipelineId: string; stageId: string }> {
  if (stageId) {
    const s = await q.selectFrom('pipeline_stages').select(['id', 'pipeline_id']).where('id', '=', stageId).executeTakeFirst();
    if (!s || (pipelineId && s.pipeline_id !== pipelineId)) throw invalid('stageId', 'is not a stage of this pipeline', 'not_a_stage');
    return { pipelineId: s.pipeline_id, stageId: s.id };
  }
  const p = pipelineId
    ? await q.selectFrom('pipelines').select('id').where('id', '=', pipelineId).executeTakeFirst()
    : await q.selectFrom('pipelines').select('id').orderBy('is_default', 'desc').orderBy('created_at').executeTakeFirst();
  if (!p) throw invalid('pipelineId', 'is not a pipeline', 'not_a_pipeline');
  const s = await q
    .selectFrom('pipeline_stages')
    .select('id')
    .where('pipeline_id', '=', p.id)
    .orderBy('position')
    .executeTakeFirstOrThrow();
  return { pipelineId: p.id, stageId: s.id };
}

function ticketQuery(q: Q) {
  return q
    .selectFrom('tickets as t')
    .innerJoin('pipeline_stages as s', 's.id', 't.stage_id')
    .leftJoin('contacts as ct', 'ct.id', 't.contact_id')
    .leftJoin('users as o', 'o.id', 't.owner_id')
    .selectAll('t')
    .select([
      's.name as stage_name',
      's.key as stage_key',
      's.position as stage_position',
      'ct.name as contact_name',
      'ct.email as contact_email',
      'o.name as owner_name',
    ]);
}
type TicketRecord = Awaited<ReturnType<ReturnType<typeof ticketQuery>['executeTakeFirstOrThrow']>>;

function present(actor: Actor, t: TicketRecord): TicketOut {
  return {
    id: t.id,
    title: t.title,
    pipelineId: t.pipeline_id,
    stageId: t.stage_id,
    stageName: t.stage_name,
    stageKey: stageKeyOf(t.stage_key),
    contact: t.contact_id ? { id: t.contact_id, name: t.contact_name, email: t.contact_email } : null,
    conversationId: t.conversation_id,
    inboxId: t.inbox_id,
    owner: t.owner_id ? { id: t.owner_id, name: t.owner_name ?? '' } : null,
    createdAt: t.created_at,
    updatedAt: t.updated_at,
    canEdit: ticketAbilities(actor, { inboxId: t.inbox_id }).edit,
  };
}

/** Tickets the actor may read: those without a conversation, and those of readable inboxes. */
export async function listTickets(
  ctx: Ctx,
  actor: Actor,
  f: { pipelineId?: string; stageId?: string; ownerId?: string; contactId?: string; conversationId?: string; limit: number },
): Promise<{ items: TicketOut[]; nextCursor: null }> {
  const inboxIds = readableInboxIds(actor);
  let q = ticketQuery(ctx.db.kysely).where((eb) =>
    inboxIds.length ? eb.or([eb('t.inbox_id', 'is', null), eb('t.inbox_id', 'in', inboxIds)]) : eb('t.inbox_id', 'is', null),
  );
  if (f.pipelineId) q = q.where('t.pipeline_id', '=', f.pipelineId);
  if (f.stageId) q = q.where('t.stage_id', '=', f.stageId);
  if (f.ownerId) q = f.ownerId === 'none' ? q.where('t.owner_id', 'is', null) : q.where('t.owner_id', '=', f.ownerId);
  if (f.contactId) q = q.where('t.contact_id', '=', f.contactId);
  if (f.conversationId) q = q.where('t.conversation_id', '=', f.conversationId);
  const rows = await q.orderBy('t.updated_at', 'desc').orderBy('t.id', 'desc').limit(f.limit).execute();
  return { items: rows.map((r) => present(actor, r)), nextCursor: null };
}

async function loadTicket(ctx: Ctx, actor: Actor, id: string, action: 'read' | 'edit'): Promise<TicketRecord> {
  const t = await ticketQuery(ctx.db.kysely).where('t.id', '=', id).executeTakeFirst();
  if (!t) throw notFound('Ticket not found');
  authorizeTicket(actor, { inboxId: t.inbox_id }, action);
  return t;
}

export async function getTicket(ctx: Ctx, actor: Actor, id: string): Promise<TicketOut> {
  return present(actor, await loadTicket(ctx, actor, id, 'read'));
}

async function assertUser(trx: Trx, userId: string | null | undefined) {
  if (userId && !(await trx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst()))
    throw invalid('ownerId', 'is not a user', 'not_a_user');
}

export interface NewTicket {
  title: string;
  pipelineId?: string | null;
  stageId?: string | null;
  contactId?: string | null;
  ownerId?: string | null;
  conversation?: ConversationsTable | null;
  createdBy: string | null;
}

/** Inside a write; a ticket made from a conversation says so in its timeline. */
export async function insertTicket(w: Writer, t: NewTicket): Promise<string> {
  const { pipelineId, stageId } = await resolveStage(w.trx, t.pipelineId, t.stageId);
  await assertUser(w.trx, t.ownerId);
  const id = newId();
  const conv = t.conversation ?? null;
  await w.trx
    .insertInto('tickets')
    .values({
      id,
      title: t.title,
      pipeline_id: pipelineId,
      stage_id: stageId,
      contact_id: t.contactId ?? conv?.contact_id ?? null,
      conversation_id: conv?.id ?? null,
      inbox_id: conv?.inbox_id ?? null,
      owner_id: t.ownerId ?? null,
      created_by: t.createdBy,
      created_at: w.at,
      updated_at: w.at,
    })
    .execute();
  if (conv) await insertSystemMessage(w, conv, `Ticket created: ${t.title}`, t.createdBy, { kind: 'ticket_created', title: t.title });
  w.emit({
    type: 'contact.updated',
    inboxId: conv?.inbox_id ?? null,
    payload: { ticketId: id, ticketCreated: true, contactId: t.contactId ?? conv?.contact_id ?? null },
  });
  return id;
}

export async function createTicket(ctx: Ctx, actor: Actor, input: Omit<NewTicket, 'createdBy' | 'conversation'>): Promise<TicketOut> {
  if (input.contactId) await getContact(ctx, actor, input.contactId);
  const id = await write(ctx, (w) => insertTicket(w, { ...input, createdBy: actor.id }));
  return getTicket(ctx, actor, id);
}

/** A ticket from a conversation: linked to it and its contact; the owner defaults to the conversation's assignee. */
export async function createTicketFromConversation(
  ctx: Ctx,
  actor: Actor,
  conversationId: string,
  input: { title?: string; pipelineId?: string; stageId?: string; ownerId?: string | null },
): Promise<TicketOut> {
  const c = await conversationFor(ctx, actor, conversationId, 'comment');
  const title = input.title || c.subject || c.preview.slice(0, 120) || 'Ticket';
  const id = await write(ctx, (w) =>
    insertTicket(w, {
      title,
      pipelineId: input.pipelineId,
      stageId: input.stageId,
      ownerId: input.ownerId === undefined ? c.assignee_id : input.ownerId,
      conversation: c,
      createdBy: actor.id,
    }),
  );
  return getTicket(ctx, actor, id);
}

/** Title, owner, or stage (the board's drag and drop); a stage of another pipeline is refused. */
export async function updateTicket(
  ctx: Ctx,
  actor: Actor,
  id: string,
  input: { title?: string; stageId?: string; ownerId?: string | null },
): Promise<TicketOut> {
  const t = await loadTicket(ctx, actor, id, 'edit');
  await write(ctx, async (w) => {
    if (input.stageId) await resolveStage(w.trx, t.pipeline_id, input.stageId);
    await assertUser(w.trx, input.ownerId);
    const set: Record<string, unknown> = { updated_at: w.at };
    if (input.title !== undefined) set.title = input.title;
    if (input.stageId !== undefined) set.stage_id = input.stageId;
    if (input.ownerId !== undefined) set.owner_id = input.ownerId;
    await w.trx.updateTable('tickets').set(set).where('id', '=', id).execute();
    w.emit({ type: 'contact.updated', inboxId: t.inbox_id, payload: { ticketId: id, contactId: t.contact_id } });
  });
  return getTicket(ctx, actor, id);
}

/** A contact's tickets that the viewer may read (404 for an unknown contact). */
export async function contactTickets(ctx: Ctx, actor: Actor, contactId: string) {
  await getContact(ctx, actor, contactId);
  return listTickets(ctx, actor, { contactId, limit: 200 });
}
