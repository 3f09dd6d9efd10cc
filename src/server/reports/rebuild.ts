/**
 * `npx switchboard reports rebuild`: the conversations' facts worked out again from their history
 * (messages and timeline lines, in order), through the same clocks the live path runs
 * (`clocksOn`), with the inboxes' business hours as they are now; and a recount of business time
 * alone when an inbox's hours change. A bot's own facts (its steps, the address it captured) are
 * not in the history: they stay as written.
 */
import type { TimelineFact } from '../../common/timeline.js';
import { decodeJson } from '../db/json.js';
import type { ConversationsTable } from '../db/schema.js';
import type { ReportFactKind } from '../db/schema-reports.js';
import { businessSeconds } from '../../common/business-hours.js';
import { businessHoursOf } from '../domain/business-hours.js';
import { write, type Ctx } from '../domain/context.js';
import { clocksOn, type Cause, type FactDraft } from '../domain/report-facts.js';
import { DAY, dropRollups, firstFactAt, rollUp } from './rollups.js';

/** The facts a rebuild writes again (the rest are kept). */
const REPLAYED: ReportFactKind[] = ['created', 'closed', 'reopened', 'first_response', 'reply'];
const PAGE = 200;
/** Pages between refreshes of the facts' statistics (`refreshStatistics`). */
const ANALYZE_EVERY = 50;

type Line = {
  conversation_id: string;
  kind: string;
  author_user_id: string | null;
  author_bot?: string | null;
  created_at: string;
  fact?: string | null;
};

/** What a line of history did to the conversation; null: nothing the clocks follow. */
function eventOf(l: Line): { cause: Cause; change: Partial<ConversationsTable> } | null {
  if (l.kind === 'incoming') return { cause: { by: 'customer' }, change: { status: 'open' } };
  if (l.kind === 'reply' && l.author_user_id && !l.author_bot)
    return { cause: { by: 'person', userId: l.author_user_id, reply: true }, change: { status: 'open' } };
  const fact = l.kind === 'system' ? decodeJson<TimelineFact | null>(l.fact ?? null, null) : null;
  const cause: Cause = l.author_user_id ? { by: 'person', userId: l.author_user_id } : { by: 'system' };
  if (fact?.kind === 'closed' || fact?.kind === 'reopened')
    return { cause, change: { status: fact.kind === 'closed' ? 'closed' : 'open' } };
  if (fact?.kind === 'bot_ended') return { cause, change: { is_bot: 0 } };
  return null;
}

/** Replays one conversation's history: its facts, and its clocks as they stand at the end. */
export function replay(conv: ConversationsTable, lines: Line[]): { facts: FactDraft[]; clocks: Partial<ConversationsTable> } {
  const facts: FactDraft[] = [];
  let state: ConversationsTable | null = null;
  const first = lines[0]?.created_at;
  // A chatflow that took the conversation did so in the transaction that created it.
  const botAtStart = lines.some(
    (l) => l.created_at === first && decodeJson<TimelineFact | null>(l.fact ?? null, null)?.kind === 'bot_started',
  );
  const repliers = new Set<string>();
  for (const l of lines) {
    const e = eventOf(l);
    if (e?.cause.by === 'person' && e.cause.reply && e.cause.userId) {
      e.cause.first = !repliers.has(e.cause.userId);
      repliers.add(e.cause.userId);
    }
    if (!e && state) continue;
    const { cause, change } = e ?? { cause: { by: 'system' } as Cause, change: {} };
    const w = { facts, at: l.created_at };
    const at = facts.length;
    if (!state) {
      const start: ConversationsTable = {
        ...conv,
        status: 'open',
        is_bot: botAtStart ? 1 : 0,
        opened_at: null,
        waiting_first_since: null,
        waiting_reply_since: null,
      };
      state = { ...start, ...clocksOn(w, null, start, cause) };
    } else {
      const next: ConversationsTable = { ...state, ...change };
      state = { ...next, ...clocksOn(w, state, next, cause) };
    }
    for (const f of facts.slice(at)) f.at = l.created_at;
  }
  return {
    facts,
    clocks: state
      ? { opened_at: state.opened_at, waiting_first_since: state.waiting_first_since, waiting_reply_since: state.waiting_reply_since }
      : {},
  };
}

/** Rebuilds every conversation's facts, a page of conversations per transaction; `progress(done, total)` after each. */
export async function rebuildFacts(
  ctx: Ctx,
  progress: (done: number, total: number) => void = () => {},
): Promise<{ conversations: number; facts: number }> {
  const k = ctx.db.kysely;
  const total = Number(
    (
      await k
        .selectFrom('conversations')
        .select((e) => e.fn.countAll<number>().as('n'))
        .executeTakeFirst()
    )?.n ?? 0,
  );
  let after = '';
  let done = 0;
  let written = 0;
  for (;;) {
    const n = await write(ctx, async (w) => {
      const convs = await w.trx.selectFrom('conversations').selectAll().where('id', '>', after).orderBy('id').limit(PAGE).execute();
      if (!convs.length) return 0;
      const ids = convs.map((c) => c.id);
      const lines = await w.trx
        .selectFrom('messages')
        .select(['conversation_id', 'kind', 'author_user_id', 'author_bot', 'created_at', 'fact'])
        .where('conversation_id', 'in', ids)
        .orderBy('conversation_id')
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      const byConv = new Map<string, Line[]>();
      for (const l of lines) {
        const list = byConv.get(l.conversation_id) ?? [];
        byConv.set(l.conversation_id, list);
        list.push(l);
      }
      // Found by conversation alone, then deleted by id: with the kinds in the same statement a planner may walk the (kind, at) index, every fact of every page.
      const old = await w.trx.selectFrom('report_facts').select(['id', 'kind']).where('conversation_id', 'in', ids).execute();
      const gone = old.filter((f) => REPLAYED.includes(f.kind)).map((f) => f.id);
      for (let i = 0; i < gone.length; i += 500)
        await w.trx
          .deleteFrom('report_facts')
          .where('id', 'in', gone.slice(i, i + 500))
          .execute();
      for (const c of convs) {
        const r = replay(c, byConv.get(c.id) ?? []);
        w.facts.push(...r.facts);
        written += r.facts.length;
        // A closed conversation's clocks are at rest (none waits; a reopen starts them): only an open one's are written.
        if (c.status === 'open' && Object.keys(r.clocks).length)
          await w.trx.updateTable('conversations').set(r.clocks).where('id', '=', c.id).execute();
      }
      after = ids[ids.length - 1]!;
      return convs.length;
    });
    if (!n) break;
    done += n;
    if ((done / PAGE) % ANALYZE_EVERY === 0) await ctx.db.refreshStatistics('report_facts');
    progress(done, total);
  }
  return { conversations: done, facts: written };
}

/** The facts worked out again, then every rollup made again from them (`progress` for each, done of total). */
export async function rebuildReports(
  ctx: Ctx,
  progress: { conversations?: (done: number, total: number) => void; days?: (done: number, total: number) => void } = {},
) {
  const r = await rebuildFacts(ctx, progress.conversations);
  await dropRollups(ctx);
  const first = await firstFactAt(ctx);
  const total = first ? Math.max(0, Math.floor((Date.now() - Date.parse(first)) / DAY)) : 0;
  const rolled = await rollUp(ctx, { progress: (n) => progress.days?.(n, total) });
  return { ...r, ...rolled };
}

/** An inbox's hours changed: its facts' business time counted again (calendar time and the rest stay), a page per transaction. */
export async function recountBusinessTime(ctx: Ctx, inboxId: string): Promise<number> {
  let after = '';
  let done = 0;
  for (;;) {
    const n = await write(ctx, async (w) => {
      const hours = await businessHoursOf(w.db, w.trx, inboxId);
      const rows = await w.trx
        .selectFrom('report_facts')
        .select(['id', 'at', 'seconds'])
        .where('inbox_id', '=', inboxId)
        .where('seconds', 'is not', null)
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE * 5)
        .execute();
      for (const r of rows) {
        const since = new Date(Date.parse(r.at) - r.seconds! * 1000).toISOString();
        await w.trx
          .updateTable('report_facts')
          .set({ business_seconds: businessSeconds(since, r.at, hours) })
          .where('id', '=', r.id)
          .execute();
      }
      if (rows.length) after = rows[rows.length - 1]!.id;
      return rows.length;
    });
    if (!n) break;
    done += n;
  }
  return done;
}
