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

/** Changes to `conversation_counts` a transaction has made so far, by row key. */
export type CountDeltas = Map<string, { args: unknown[]; delta: number }>;

/**
 * Notes a conversation's move between counted rows (none: created or deleted). The rows are
 * written by `applyCounts` when the transaction ends, in the same commit.
 */
export function adjustCounts(w: Pick<Writer, 'counts'>, before: CountedFields | null, after: CountedFields | null): void {
  for (const [row, delta] of [
    [before, -1],
    [after, 1],
  ] as const) {
    if (!row) continue;
    const args = [row.inbox_id, row.folder, row.status, row.channel_kind, row.assignee_id ?? '', row.is_bot];
    const key = args.join('\u0000');
    const cur = w.counts.get(key);
    if (cur) cur.delta += delta;
    else w.counts.set(key, { args, delta });
  }
}

/**
 * Keeps `conversation_counts` true in the transaction that changed the conversations, so the
 * sidebar's counts are one small read whatever their number. The rows are updated in key order:
 * two transactions moving conversations in opposite directions (one closes, one reopens) lock
 * them in the same order, so neither can wait on the other (on PostgreSQL: no deadlock), and
 * each row is locked only for the end of its transaction.
 */
export async function applyCounts(db: Writer['db'], trx: Writer['trx'], counts: CountDeltas): Promise<void> {
  const keys = [...counts.keys()].sort();
  for (const key of keys) {
    const { args, delta } = counts.get(key)!;
    if (delta !== 0) await upsertCount(db, trx, [...args, delta]);
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
  const rows = await (
    await ctx.db.readerFor(userId)
  )
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
