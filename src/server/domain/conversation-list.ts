import type { ConversationListQuery, ConversationPage, ConversationRow } from '../../common/api.js';
import { applySearch } from '../db/search.js';
import { readableInboxIds, type Actor } from '../permissions/policy.js';
import type { Ctx } from './context.js';
import { decodeCursor, keysetCursor, pageOf, searchCursor } from '../db/pagination.js';
import { searchQueryWords } from './search-text.js';

const viewKind = { email: 'email', chat: 'chat', messenger: 'messenger', forms: 'form' } as const;

/** Base query: conversation rows as the list shows them, joined in one statement. */
export function conversationRowQuery(ctx: Ctx, userId: string, on = ctx.db.kysely) {
  return on
    .selectFrom('conversations as c')
    .leftJoin('contacts as ct', 'ct.id', 'c.contact_id')
    .leftJoin('users as u', 'u.id', 'c.assignee_id')
    .leftJoin('conversation_reads as r', (j) => j.onRef('r.conversation_id', '=', 'c.id').on('r.user_id', '=', userId))
    .select([
      'c.id',
      'c.inbox_id',
      'c.channel_id',
      'c.subject',
      'c.preview',
      'c.channel_kind',
      'c.status',
      'c.folder',
      'c.team_id',
      'c.is_bot',
      'c.last_message_at',
      'c.last_incoming_at',
      'c.created_at',
      'c.closed_at',
      'c.first_response_at',
      'c.contact_id',
      'c.contact_erased_at',
      'ct.name as contact_name',
      'ct.email as contact_email',
      'c.assignee_id',
      'u.name as assignee_name',
      'u.avatar_url as assignee_avatar',
      'r.read_at',
    ]);
}

export type ConversationRecord = Awaited<ReturnType<ReturnType<typeof conversationRowQuery>['executeTakeFirstOrThrow']>>;

export function presentRow(r: ConversationRecord): ConversationRow {
  return {
    id: r.id,
    inboxId: r.inbox_id,
    subject: r.subject,
    preview: r.preview,
    contact: r.contact_id ? { id: r.contact_id, name: r.contact_name, email: r.contact_email } : null,
    channel: r.channel_kind,
    status: r.status,
    folder: r.folder,
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? '', avatarUrl: r.assignee_avatar } : null,
    teamId: r.team_id,
    isBot: !!r.is_bot,
    lastMessageAt: r.last_message_at,
    createdAt: r.created_at,
    unread: r.last_incoming_at !== null && (r.read_at === null || r.read_at < r.last_incoming_at),
    ...(r.contact_erased_at ? { contactErased: true as const } : {}),
  };
}

/**
 * The conversation list: every filter combinable, scoped to readable inboxes, keyset-paginated
 * on (last_message_at, id), or on the search order when `q` is given. One SQL statement. A search
 * answered while the index is being rebuilt says how far it is (`searchIndex`).
 */
export async function listConversations(
  ctx: Ctx,
  actor: Actor,
  f: ConversationListQuery & { contactId?: string },
): Promise<ConversationPage> {
  let inboxIds = readableInboxIds(actor);
  if (f.inboxId) inboxIds = inboxIds.includes(f.inboxId) ? [f.inboxId] : [];
  if (!inboxIds.length) return { items: [], nextCursor: null };
  const words = f.q ? searchQueryWords(f.q) : [];
  // A query of punctuation alone searches for nothing, rather than listing everything.
  if (f.q && !words.length) return { items: [], nextCursor: null };
  const searching = words.length > 0;

  const reader = await ctx.db.readerFor(actor.id, searching ? 'search' : 'list');
  let q = conversationRowQuery(ctx, actor.id, reader).where('c.inbox_id', 'in', inboxIds);
  const v = f.view;
  if (v === 'filtered' || v === 'spam' || v === 'trash') q = q.where('c.folder', '=', v);
  else if (f.contactId) q = q.where('c.folder', '=', 'inbox');
  else {
    q = q.where('c.folder', '=', 'inbox').where('c.is_bot', '=', v === 'bots' ? 1 : 0);
    if (v === 'mine') q = q.where('c.assignee_id', '=', actor.id);
    if (v === 'unassigned') q = q.where('c.assignee_id', 'is', null);
    if (v in viewKind) q = q.where('c.channel_kind', '=', viewKind[v as keyof typeof viewKind]);
  }
  if (f.contactId) q = q.where('c.contact_id', '=', f.contactId);
  if (f.status) q = q.where('c.status', '=', f.status);
  if (f.channel) q = q.where('c.channel_kind', '=', f.channel);
  if (f.assigneeId) q = f.assigneeId === 'none' ? q.where('c.assignee_id', 'is', null) : q.where('c.assignee_id', '=', f.assigneeId);
  if (f.teamId) q = q.where('c.team_id', '=', f.teamId);
  if (f.from) q = q.where('c.last_message_at', '>=', new Date(f.from).toISOString());
  if (f.to) q = q.where('c.last_message_at', '<=', new Date(f.to).toISOString());

  const c = !f.cursor ? null : searching ? decodeCursor(searchCursor, f.cursor) : decodeCursor(keysetCursor, f.cursor);
  const index = searching ? ctx.db.searchIndexStatus() : null;
  if (searching) {
    // A search sees every message committed before it (SQLite indexes on a worker, a moment later).
    await ctx.db.searchCaughtUp();
    q = applySearch(ctx.db, q, words, c && 's' in c ? c.s : undefined);
  } else {
    if (c && 't' in c) q = q.where((eb) => eb(eb.refTuple('c.last_message_at', 'c.id'), '<', eb.tuple(c.t, c.id)));
    q = q.orderBy('c.last_message_at', 'desc').orderBy('c.id', 'desc');
  }

  const rows = await q.limit(f.limit + 1).execute();
  const page = pageOf(rows, f.limit, (last) =>
    searching ? { s: Number((last as { search_key?: number }).search_key) } : { t: last.last_message_at, id: last.id },
  );
  const out: ConversationPage = { items: page.items.map(presentRow), nextCursor: page.nextCursor };
  if (index?.building) out.searchIndex = index;
  return out;
}
