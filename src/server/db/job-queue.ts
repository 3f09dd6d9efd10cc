import { prepared } from './prepared.js';
import { sql } from 'kysely';
import type { ZodType } from 'zod';
import type { Database, Db, Trx } from './database.js';
import { encodeJson } from './json.js';
import type { JobsTable } from './schema.js';
import { newId } from '../domain/ids.js';

/**
 * A kind of job: its name and the schema of its payload. Declared beside the code that queues it;
 * `jobs/` gives each one its handler (`defineJob`), and the worker checks the payload against it.
 */
export interface JobKind<P> {
  name: string;
  payload: ZodType<P>;
}

export const jobKind = <P>(name: string, payload: ZodType<P>): JobKind<P> => ({ name, payload });

/** Enqueues durable work in the caller's transaction; a dedupe key makes it idempotent. */
export async function enqueue<P>(
  trx: Trx,
  kind: JobKind<P>,
  payload: NoInfer<P>,
  opts: { dedupeKey?: string; runAt?: string } = {},
): Promise<void> {
  const at = new Date().toISOString();
  await trx
    .insertInto('jobs')
    .values({
      id: newId(),
      kind: kind.name,
      payload: encodeJson(payload),
      dedupe_key: opts.dedupeKey ?? null,
      status: 'pending',
      attempts: 0,
      run_at: opts.runAt ?? at,
      locked_until: null,
      last_error: null,
      created_at: at,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

/**
 * Claims one due job: `FOR UPDATE SKIP LOCKED` on PostgreSQL so processes never take the same
 * job; SQLite serialises writers. A claimed job whose lock expires (crash) becomes due again.
 * A plain read looks first: the worker looks after every event, and mostly nothing is due, which
 * then costs no write transaction.
 */
// Prepared (prepared.ts): the worker looks after every burst of events, nearly always to find nothing.
const anyDue = prepared((k, $) =>
  k
    .selectFrom('jobs')
    .select('id')
    .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'running'), eb('locked_until', '<', $(0))])]))
    .where('run_at', '<=', $(0))
    .limit(1),
);

/** Which kinds a claim takes: only these, or any but these. */
export interface JobLane {
  kinds: string[];
  only: boolean;
}

export async function claimJob(db: Database, lockMs = 60_000, lane?: JobLane): Promise<JobsTable | null> {
  const nowIso = new Date().toISOString();
  const until = new Date(Date.now() + lockMs).toISOString();
  const due = (q: Db | Trx) =>
    q
      .selectFrom('jobs')
      .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'running'), eb('locked_until', '<', nowIso)])]))
      .where('run_at', '<=', nowIso);
  if (!(await anyDue(db, db.kysely, [nowIso])).rows.length) return null;
  return db.transaction(async (trx) => {
    let q = due(trx)
      .selectAll()
      .$if(!!lane?.kinds.length, (b) => b.where('kind', lane!.only ? 'in' : 'not in', lane!.kinds))
      .orderBy('run_at')
      .limit(1);
    if (db.engine === 'postgres') q = q.modifyEnd(sql`for update skip locked`);
    const job = await q.executeTakeFirst();
    if (!job) return null;
    await trx
      .updateTable('jobs')
      .set({ status: 'running', locked_until: until, attempts: job.attempts + 1 })
      .where('id', '=', job.id)
      .execute();
    return { ...job, attempts: job.attempts + 1 };
  });
}

/**
 * Claims the pending job of `dedupeKey`, due or not, for the process that queued it to run now (a
 * bot's message pushed as soon as it is written); null when a worker has it already or it is done.
 */
export async function claimJobByKey(db: Database, dedupeKey: string, lockMs = 60_000): Promise<JobsTable | null> {
  const until = new Date(Date.now() + lockMs).toISOString();
  return db.transaction(async (trx) => {
    const job = await trx
      .selectFrom('jobs')
      .selectAll()
      .where('dedupe_key', '=', dedupeKey)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (!job) return null;
    const r = await trx
      .updateTable('jobs')
      .set({ status: 'running', locked_until: until, attempts: job.attempts + 1 })
      .where('id', '=', job.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) ? { ...job, attempts: job.attempts + 1 } : null;
  });
}

export async function finishJob(db: Database, id: string): Promise<void> {
  await db.kysely.updateTable('jobs').set({ status: 'done', locked_until: null }).where('id', '=', id).execute();
}

/** How many times a job is tried before it is failed for good. */
export const JOB_MAX_ATTEMPTS = 8;

/** Retries with exponential backoff up to `maxAttempts`, then marks it failed; `final` fails it at once (it can never succeed). */
export async function failJob(
  db: Database,
  job: JobsTable,
  error: string,
  opts: { maxAttempts?: number; final?: boolean } = {},
): Promise<boolean> {
  const final = opts.final || job.attempts >= (opts.maxAttempts ?? JOB_MAX_ATTEMPTS);
  const delay = Math.min(3600_000, 2 ** job.attempts * 5_000);
  await db.kysely
    .updateTable('jobs')
    .set({
      status: final ? 'failed' : 'pending',
      locked_until: null,
      last_error: error.slice(0, 2000),
      run_at: new Date(Date.now() + delay).toISOString(),
    })
    .where('id', '=', job.id)
    .execute();
  return final;
}

/** Waits without using up an attempt (the delivery could not be tried, e.g. no mail server configured). */
export async function holdJob(db: Database, job: JobsTable, error: string, delayMs = 30_000): Promise<void> {
  await db.kysely
    .updateTable('jobs')
    .set({
      status: 'pending',
      locked_until: null,
      attempts: Math.max(0, job.attempts - 1),
      last_error: error.slice(0, 2000),
      run_at: new Date(Date.now() + delayMs).toISOString(),
    })
    .where('id', '=', job.id)
    .execute();
}

/** Jobs waiting or running, by kind (`due`: their run time has come), and how many are given up; for /metrics. */
export async function jobQueueStats(db: Database): Promise<{ waiting: { kind: string; due: number; later: number }[]; failed: number }> {
  const nowIso = new Date().toISOString();
  const rows = await db.kysely
    .selectFrom('jobs')
    .select((eb) => [
      'kind',
      'status',
      eb.fn.countAll<number | string | bigint>().as('n'),
      eb.fn.sum<number | string | null>(eb.case().when('run_at', '<=', nowIso).then(1).else(0).end()).as('due'),
    ])
    .where('status', 'in', ['pending', 'running', 'failed'])
    .groupBy(['kind', 'status'])
    .execute();
  const waiting = new Map<string, { kind: string; due: number; later: number }>();
  let failed = 0;
  for (const r of rows) {
    if (r.status === 'failed') {
      failed += Number(r.n);
      continue;
    }
    const w = waiting.get(r.kind) ?? { kind: r.kind, due: 0, later: 0 };
    // A running job counts as due: it is being worked on.
    const due = r.status === 'running' ? Number(r.n) : Number(r.due ?? 0);
    w.due += due;
    w.later += Number(r.n) - due;
    waiting.set(r.kind, w);
  }
  return { waiting: [...waiting.values()], failed };
}

/** Held jobs (their last error starts with `prefix`, e.g. "Held:") are due now: what they waited for has changed. */
export async function releaseHeldJobs(q: Db, prefix: string): Promise<void> {
  await q
    .updateTable('jobs')
    .set({ run_at: new Date().toISOString() })
    .where('status', '=', 'pending')
    .where('last_error', 'like', `${prefix}%`)
    .execute();
}

/** How many jobs wait, held (their last error starts with `prefix`). */
export async function countHeldJobs(q: Db, prefix: string): Promise<number> {
  const r = await q
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'pending')
    .where('last_error', 'like', `${prefix}%`)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
