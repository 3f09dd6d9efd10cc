import { sql } from 'kysely';
import type { ViewCounts } from '../../common/api.js';
import { prepared } from '../db/prepared.js';
import type { ConversationsTable } from '../db/schema.js';
import type { Ctx, Writer } from './context.js';

type CountedFields = Pick<ConversationsTable, 'inbox_id' | 'folder' | 'status' | 'channel_kind' | 'assignee_id' | 'is_bot'>;

const upsertCount = prepared((k, $) =>
  k
    .insertInto('conversation_counts')
    .values({ inbox_id: $(0), folder: $(1), status: $(2), channel_kind: $(3), assignee_key: $(4), is_bot: $(5), n: $(6) })
    .onConflict((oc) =>
      oc
        .columns(['inbox_id', 'folder', 'status', 'channel_kind', 'assignee_key', 'is_bot'])
        .doUpdateSet({ n: sql`conversation_counts.n + ${$(6)}` }),
    ),
);

/**
 * Keeps `conversation_counts` true in the same transaction as the change, so the sidebar's
 * counts are one small read whatever the number of conversations.
 */
export async function adjustCounts(
  w: Pick<Writer, 'db' | 'trx'>,
  before: CountedFields | null,
  after: CountedFields | null,
): Promise<void> {
  const key = (c: CountedFields) => [c.inbox_id, c.folder, c.status, c.channel_kind, c.assignee_id ?? '', c.is_bot].join('\u0000');
  if (before && after && key(before) === key(after)) return;
  for (const [row, delta] of [
    [before, -1],
    [after, 1],
  ] as const) {
    if (!row) continue;
    const args = [row.inbox_id, row.folder, row.status, row.channel_kind, row.assignee_id ?? '', row.is_bot, delta];
    await upsertCount(w.db, w.trx, args);
  }
}

const kindView = { email: 'email', chat: 'chat', messenger: 'messenger', form: 'forms' } as const;

/**
 * Counts for every view over the given inboxes: open conversations for the inbox views,
 * everything for Filtered, Spam and Trash.
 */
export async function viewCounts(ctx: Ctx, userId: string, inboxIds: string[]): Promise<ViewCounts> {
  const out: ViewCounts = {
    all: 0,
    mine: 0,
    unassigned: 0,
    email: 0,
    chat: 0,
    messenger: 0,
    forms: 0,
    bots: 0,
    filtered: 0,
    spam: 0,
    trash: 0,
  };
  if (!inboxIds.length) return out;
  const rows = await ctx.db.kysely
    .selectFrom('conversation_counts')
    .selectAll()
    .where('inbox_id', 'in', inboxIds)
    .where('n', '>', 0)
    .execute();
  for (const r of rows) {
    const n = Number(r.n);
    if (r.folder !== 'inbox') {
      out[r.folder] += n;
      continue;
    }
    if (r.status !== 'open') continue;
    if (r.is_bot) {
      out.bots += n;
      continue;
    }
    out.all += n;
    if (r.assignee_key === userId) out.mine += n;
    if (r.assignee_key === '') out.unassigned += n;
    if (r.channel_kind !== 'api') out[kindView[r.channel_kind]] += n;
  }
  return out;
}
