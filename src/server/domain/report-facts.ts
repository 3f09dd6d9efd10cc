/**
 * Report facts (F-REPORT): what happened to a conversation, written in the transaction that made it
 * happen, with its durations, so a report never works them out from the messages. A conversation
 * runs three clocks (columns): `opened_at` (resolution), `waiting_first_since` (first response:
 * from the customer's first message, a bot's hand-over or a reopen) and `waiting_reply_since`
 * (reply time: from the oldest message no person has answered). `clocksOn` moves them as a change
 * is written and notes its facts; `applyFacts` writes the facts as the transaction ends.
 */
import { businessSeconds, type BusinessHours } from '../../common/business-hours.js';
import { prepared } from '../db/prepared.js';
import type { ConversationsTable } from '../db/schema.js';
import type { ReportFactKind, ReportFactsTable } from '../db/schema-reports.js';
import { businessHoursOf } from './business-hours.js';
import type { Writer } from './context.js';
import { newId } from './ids.js';

type FactConversation = Pick<ConversationsTable, 'id' | 'inbox_id' | 'channel_kind' | 'team_id'>;

export interface FactDraft {
  kind: ReportFactKind;
  conv: FactConversation;
  /** The person it is theirs: who replied, closed, reopened. */
  userId?: string | null;
  /** When its clock started: the fact's durations run from here to the write's time. */
  since?: string | null;
  flowId?: string | null;
  stepId?: string | null;
  detail?: string | null;
  /** When it happened, when not the transaction's time (a rebuild replaying history). */
  at?: string;
}

/** Notes a fact; it is written with the transaction (`applyFacts`). */
export function noteFact(w: Pick<Writer, 'facts'>, f: FactDraft): void {
  w.facts.push(f);
}

/** Who made a change: the customer (a message), a person (`reply`: their reply to the customer), or nobody (a bot, a rule). */
export type Cause =
  | { by: 'customer' }
  /** `first`: the person's first reply in the conversation (one conversation they handled). */
  | { by: 'person'; userId: string | null; reply?: boolean; first?: boolean }
  | { by: 'system' };

/**
 * The clock columns a change sets, to be written with it, and its facts (noted on `w`). `after` is
 * the conversation with the change applied; a reply by a person is a change of its own kind.
 */
export function clocksOn(
  w: Pick<Writer, 'facts' | 'at'>,
  before: ConversationsTable | null,
  after: ConversationsTable,
  cause: Cause,
): Partial<ConversationsTable> {
  const at = w.at;
  const set: Partial<ConversationsTable> = {};
  const userId = cause.by === 'person' ? cause.userId : null;
  const customerWaits = cause.by === 'customer' && after.status === 'open' && !after.is_bot && after.folder === 'inbox';
  if (!before) {
    noteFact(w, { kind: 'created', conv: after, userId });
    set.opened_at = at;
    if (customerWaits) set.waiting_first_since = set.waiting_reply_since = at;
  } else {
    if (before.status === 'open' && after.status === 'closed') {
      noteFact(w, { kind: 'closed', conv: after, userId, since: before.opened_at ?? before.created_at });
      set.waiting_first_since = set.waiting_reply_since = null;
    } else if (before.status === 'closed' && after.status === 'open') {
      noteFact(w, { kind: 'reopened', conv: after, userId });
      set.opened_at = at;
      if (customerWaits) set.waiting_first_since = at;
    }
    // The bot let go: from now on the customer waits for a person.
    if (before.is_bot && !after.is_bot && after.status === 'open') set.waiting_first_since = set.waiting_reply_since = at;
    if (customerWaits && !(after.waiting_reply_since ?? set.waiting_reply_since)) set.waiting_reply_since = at;
  }
  if (cause.by === 'person' && cause.reply) {
    const now = { ...after, ...set };
    if (now.waiting_first_since) {
      noteFact(w, { kind: 'first_response', conv: after, userId, since: now.waiting_first_since });
      set.waiting_first_since = null;
    }
    noteFact(w, { kind: 'reply', conv: after, userId, since: now.waiting_reply_since, detail: cause.first ? 'first' : null });
    set.waiting_reply_since = null;
  }
  return set;
}

const FACT_COLUMNS = Object.keys({
  id: 1,
  kind: 1,
  at: 1,
  conversation_id: 1,
  inbox_id: 1,
  channel_kind: 1,
  user_id: 1,
  team_id: 1,
  seconds: 1,
  business_seconds: 1,
  flow_id: 1,
  step_id: 1,
  detail: 1,
} satisfies Record<keyof ReportFactsTable, 1>) as (keyof ReportFactsTable)[];
const insertFact = prepared((k, $) =>
  k.insertInto('report_facts').values(Object.fromEntries(FACT_COLUMNS.map((c, i) => [c, $(i)])) as ReportFactsTable),
);

/** Writes the facts a transaction noted, their durations measured to its time in calendar and in the inbox's business hours. */
export async function applyFacts(db: Writer['db'], trx: Writer['trx'], facts: FactDraft[], writeAt: string): Promise<void> {
  if (!facts.length) return;
  const hours = new Map<string, BusinessHours | null>();
  const rows: unknown[][] = [];
  for (const f of facts) {
    const at = f.at ?? writeAt;
    let seconds: number | null = null;
    let business: number | null = null;
    if (f.since) {
      seconds = Math.max(0, Math.floor((Date.parse(at) - Date.parse(f.since)) / 1000));
      if (!hours.has(f.conv.inbox_id)) hours.set(f.conv.inbox_id, await businessHoursOf(db, trx, f.conv.inbox_id));
      business = businessSeconds(f.since, at, hours.get(f.conv.inbox_id)!);
    }
    rows.push([
      newId(),
      f.kind,
      at,
      f.conv.id,
      f.conv.inbox_id,
      f.conv.channel_kind,
      f.userId ?? null,
      f.conv.team_id,
      seconds,
      business,
      f.flowId ?? null,
      f.stepId ?? null,
      f.detail ?? null,
    ]);
  }
  await unroll(
    trx,
    rows.map((r) => r[2] as string),
  );
  // A command writes one or two (prepared); a rebuild writes thousands, many rows a statement.
  if (rows.length <= 4) {
    for (const r of rows) await insertFact(db, trx, r);
    return;
  }
  for (let i = 0; i < rows.length; i += FACTS_A_STATEMENT)
    await trx
      .insertInto('report_facts')
      .values(
        rows
          .slice(i, i + FACTS_A_STATEMENT)
          .map((r) => Object.fromEntries(FACT_COLUMNS.map((c, j) => [c, r[j]])) as unknown as ReportFactsTable),
      )
      .execute();
}

const FACTS_A_STATEMENT = 500;

const DAY = 86_400_000;

/**
 * How far behind the clock the roll-up sums the running day (`reports/rollups.ts`): a write stamped
 * before that has committed by then, and one stamped earlier still takes the running day off the list.
 */
export const RUNNING_LAG = 2 * 60_000;

/**
 * Facts written into a period the worker may have rolled up take it off the rolled list, so reports
 * read their facts until the next roll-up (`reports/rollups.ts`): a day before today, its week,
 * month, quarter and year (one that committed after midnight, history written now, a rebuild), and the running
 * day for a fact stamped more than `RUNNING_LAG` ago (a write stamped later is past what it sums).
 */
async function unroll(trx: Writer['trx'], ats: string[]): Promise<void> {
  const now = Date.now();
  const settled = new Date(Math.floor(now / DAY) * DAY).toISOString();
  const recent = new Date(now - RUNNING_LAG).toISOString();
  const days = new Set<string>();
  const weeks = new Set<string>();
  const months = new Set<string>();
  const quarters = new Set<string>();
  const years = new Set<string>();
  let running = false;
  for (const at of ats) {
    if (at >= recent) continue;
    running = true;
    if (at >= settled) continue;
    const day = `${at.slice(0, 10)}T00:00:00.000Z`;
    days.add(day);
    // Its week starts on the Monday before.
    const ms = Date.parse(day);
    weeks.add(new Date(ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY).toISOString());
    months.add(`${at.slice(0, 7)}-01T00:00:00.000Z`);
    const month = Number(at.slice(5, 7));
    quarters.add(`${at.slice(0, 5)}${String(month - ((month - 1) % 3)).padStart(2, '0')}-01T00:00:00.000Z`);
    years.add(`${at.slice(0, 4)}-01-01T00:00:00.000Z`);
  }
  if (!running) return;
  await trx
    .deleteFrom('report_rollup_periods')
    .where((e) =>
      e.or([
        e('period', '=', 'running'),
        e.and([e('period', '=', 'day'), e('start', 'in', [...days, ''])]),
        e.and([e('period', '=', 'week'), e('start', 'in', [...weeks, ''])]),
        e.and([e('period', '=', 'month'), e('start', 'in', [...months, ''])]),
        e.and([e('period', '=', 'quarter'), e('start', 'in', [...quarters, ''])]),
        e.and([e('period', '=', 'year'), e('start', 'in', [...years, ''])]),
      ]),
    )
    .execute();
}

/**
 * An inbox is deleted with its conversations and their facts: every period is rolled up again (the
 * coarser grains sum across inboxes), and until the worker's next run reports read the facts.
 */
export async function unrollAll(trx: Writer['trx']): Promise<void> {
  await trx.deleteFrom('report_rollup_periods').execute();
}
