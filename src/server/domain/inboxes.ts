import type { ChannelOut, InboxOut } from '../../common/api.js';
import { decodeJson } from '../db/json.js';
import { fallbackChannelRow } from '../db/migrations/002-email.js';
import type { ChannelsTable } from '../db/schema.js';
import { removeSearchDocs } from '../db/search.js';
import { authorizeAdmin, authorizeInbox, canReadInbox, isInboxMember, type Actor } from '../permissions/policy.js';
import { SECRET_SETTING_KEYS } from '../secrets.js';
import { write, type Ctx, type Writer } from './context.js';
import { conflict, invalid, notFound } from './errors.js';
import { newId, slugify } from './ids.js';
import { unrollAll } from './report-facts.js';

export const MAX_INBOXES = 100;

interface Access {
  mode: 'everyone' | 'specific';
  userIds: string[];
  teamIds: string[];
}

export const fallbackAddress = (ctx: Ctx, slug: string) => `${slug}@${ctx.mailDomain}`;

async function loadInboxes(ctx: Ctx, ids?: string[]) {
  const k = ctx.db.kysely;
  if (ids && !ids.length) return [];
  let q = k.selectFrom('inboxes').selectAll().orderBy('created_at');
  if (ids) q = q.where('id', 'in', ids);
  const rows = await q.execute();
  const users = await k.selectFrom('inbox_users').selectAll().execute();
  const teams = await k.selectFrom('inbox_teams').selectAll().execute();
  return rows.map((r) => ({
    ...r,
    userIds: users.filter((u) => u.inbox_id === r.id).map((u) => u.user_id),
    teamIds: teams.filter((t) => t.inbox_id === r.id).map((t) => t.team_id),
  }));
}

function present(ctx: Ctx, actor: Actor | null, r: Awaited<ReturnType<typeof loadInboxes>>[number]): InboxOut {
  return {
    id: r.id,
    name: r.name,
    slug: r.slug,
    fallbackAddress: fallbackAddress(ctx, r.slug),
    access: { mode: r.access_mode, userIds: r.userIds, teamIds: r.teamIds },
    member: actor ? isInboxMember(actor, r.id) : false,
  };
}

/** The inbox switcher: only inboxes the actor may read. */
export async function listInboxes(ctx: Ctx, actor: Actor): Promise<InboxOut[]> {
  const rows = await loadInboxes(ctx);
  return rows.filter((r) => canReadInbox(actor, r.id)).map((r) => present(ctx, actor, r));
}

export async function getInbox(ctx: Ctx, actor: Actor, id: string): Promise<InboxOut> {
  authorizeInbox(actor, id, 'read');
  const [row] = await loadInboxes(ctx, [id]);
  if (!row) throw notFound('Inbox not found');
  return present(ctx, actor, row);
}

async function uniqueSlug(w: Writer, name: string): Promise<string> {
  const base = slugify(name);
  const taken = new Set(
    (
      await w.trx
        .selectFrom('inboxes')
        .select('slug')
        .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
        .execute()
    ).map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

async function setAccess(w: Writer, inboxId: string, access: Access): Promise<void> {
  const userIds = [...new Set(access.userIds)];
  const teamIds = [...new Set(access.teamIds)];
  if (userIds.length && (await w.trx.selectFrom('users').select('id').where('id', 'in', userIds).execute()).length !== userIds.length) {
    throw invalid('access.userIds', 'contains an unknown user', 'unknown_user');
  }
  if (teamIds.length && (await w.trx.selectFrom('teams').select('id').where('id', 'in', teamIds).execute()).length !== teamIds.length) {
    throw invalid('access.teamIds', 'contains an unknown team', 'unknown_team');
  }
  await w.trx.updateTable('inboxes').set({ access_mode: access.mode }).where('id', '=', inboxId).execute();
  await w.trx.deleteFrom('inbox_users').where('inbox_id', '=', inboxId).execute();
  await w.trx.deleteFrom('inbox_teams').where('inbox_id', '=', inboxId).execute();
  if (userIds.length)
    await w.trx
      .insertInto('inbox_users')
      .values(userIds.map((user_id) => ({ inbox_id: inboxId, user_id })))
      .execute();
  if (teamIds.length)
    await w.trx
      .insertInto('inbox_teams')
      .values(teamIds.map((team_id) => ({ inbox_id: inboxId, team_id })))
      .execute();
}

/** `actor` null: created by the system (first start, CLI demo). */
export async function createInbox(ctx: Ctx, actor: Actor | null, input: { name: string; access: Access }): Promise<InboxOut> {
  if (actor) authorizeAdmin(actor);
  const id = await write(ctx, async (w) => {
    const n = await w.trx
      .selectFrom('inboxes')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(n.n) >= MAX_INBOXES)
      throw conflict('inbox_limit', `An account can have at most ${MAX_INBOXES} inboxes`, { params: { max: MAX_INBOXES } });
    const inboxId = newId();
    const slug = await uniqueSlug(w, input.name);
    await w.trx
      .insertInto('inboxes')
      .values({ id: inboxId, name: input.name, slug, access_mode: input.access.mode, created_at: w.at })
      .execute();
    await setAccess(w, inboxId, input.access);
    // Every inbox has an API channel, so integrations (and tests) can create conversations at once.
    await w.trx
      .insertInto('channels')
      .values({ id: newId(), inbox_id: inboxId, kind: 'api', name: 'API', status: 'on', address: null, settings: '{}', created_at: w.at })
      .execute();
    // ... and an email channel behind its fallback address `<slug>@MAIL_DOMAIN`.
    await w.trx.insertInto('channels').values(fallbackChannelRow(inboxId, w.at)).execute();
    w.emit({ type: 'inbox.created', inboxId, payload: { inboxId } });
    return inboxId;
  });
  const [row] = await loadInboxes(ctx, [id]);
  return present(ctx, actor, row!);
}

/** A new channel of the inbox, on, with its settings as stored (secrets sealed by the caller); said on the stream. */
export async function insertChannel(
  w: Writer,
  c: { inboxId: string; kind: ChannelsTable['kind']; name: string; settings: string },
): Promise<ChannelsTable> {
  const row: ChannelsTable = {
    id: newId(),
    inbox_id: c.inboxId,
    kind: c.kind,
    name: c.name,
    status: 'on',
    address: null,
    settings: c.settings,
    created_at: w.at,
  };
  await w.trx.insertInto('channels').values(row).execute();
  w.emit({ type: 'channel.updated', inboxId: c.inboxId, payload: { inboxId: c.inboxId, channelId: row.id } });
  return row;
}

export async function updateInbox(ctx: Ctx, actor: Actor, id: string, input: { name?: string; access?: Access }): Promise<InboxOut> {
  authorizeInbox(actor, id, 'read');
  authorizeAdmin(actor);
  await write(ctx, async (w) => {
    if (input.name) await w.trx.updateTable('inboxes').set({ name: input.name }).where('id', '=', id).execute();
    if (input.access) await setAccess(w, id, input.access);
    // Only readers of the inbox hear of it; who just lost access learns only that access changed (no inbox named).
    w.emit({ type: 'inbox.updated', inboxId: id, payload: { inboxId: id } });
    if (input.access) w.emit({ type: 'user.updated', inboxId: null, payload: { inboxAccess: true } });
  });
  const [row] = await loadInboxes(ctx, [id]);
  return present(ctx, actor, row!);
}

/** Deletes the inbox and its conversations; the name must be typed to confirm. */
export async function deleteInbox(ctx: Ctx, actor: Actor, id: string, confirmName: string): Promise<void> {
  authorizeInbox(actor, id, 'read');
  authorizeAdmin(actor);
  const inbox = await ctx.db.kysely.selectFrom('inboxes').select(['name']).where('id', '=', id).executeTakeFirst();
  if (!inbox) throw notFound('Inbox not found');
  if (confirmName !== inbox.name) throw invalid('confirmName', 'must be exactly the name of the inbox', 'name_mismatch');
  const total = await ctx.db.kysely
    .selectFrom('inboxes')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(total.n) <= 1) throw conflict('last_inbox', 'The last inbox cannot be deleted');
  await write(ctx, async (w) => {
    await removeSearchDocs(ctx.db, w.trx, { inboxId: id });
    await w.trx.deleteFrom('inboxes').where('id', '=', id).execute();
    await unrollAll(w.trx);
    w.emit({ type: 'inbox.deleted', inboxId: null, payload: { inboxId: id } });
  });
}

/** Settings keys never sent to clients (mailbox passwords, Messenger tokens). */
const secretKeys = SECRET_SETTING_KEYS;
function redact(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redact);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, secretKeys.has(k) ? (x ? '********' : '') : redact(x)]));
  return v;
}

/** `fallbackAddress`: the address of an inbox's fallback email channel (derived from its slug). */
export function presentChannel(c: ChannelsTable, fallbackAddr?: string): ChannelOut {
  const settings = decodeJson<Record<string, unknown>>(c.settings, {});
  return {
    id: c.id,
    inboxId: c.inbox_id,
    kind: c.kind,
    name: c.name,
    status: c.status,
    address: settings.fallback && fallbackAddr ? fallbackAddr : c.address,
    settings: redact(settings) as Record<string, unknown>,
  };
}

export async function listChannels(ctx: Ctx, actor: Actor, inboxId: string): Promise<ChannelOut[]> {
  authorizeInbox(actor, inboxId, 'read');
  const rows = await ctx.db.kysely
    .selectFrom('channels')
    .selectAll()
    .where('inbox_id', '=', inboxId)
    .orderBy('created_at')
    .orderBy('kind')
    .execute();
  const inbox = await ctx.db.kysely.selectFrom('inboxes').select('slug').where('id', '=', inboxId).executeTakeFirst();
  return rows.map((c) => presentChannel(c, inbox ? fallbackAddress(ctx, inbox.slug) : undefined));
}

export async function apiChannelOf(ctx: Ctx, inboxId: string): Promise<ChannelsTable> {
  const c = await ctx.db.kysely
    .selectFrom('channels')
    .selectAll()
    .where('inbox_id', '=', inboxId)
    .where('kind', '=', 'api')
    .executeTakeFirst();
  if (!c) throw notFound('Inbox not found');
  return c;
}
