import type { Database } from './database.js';

/** Rows deleted per statement: SQLite's single writer is never held long, PostgreSQL's locks stay short. */
const BATCH = 2000;

/** How long the webhook delivery log keeps a delivery. */
export const WEBHOOK_DELIVERY_DAYS = 14;

const daysAgo = (days: number, now: Date) => new Date(now.getTime() - days * 86_400_000).toISOString();

/** Runs `del` until it deletes fewer than a batch; the rows deleted in all. */
async function inBatches(del: () => Promise<{ numDeletedRows: bigint }>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = Number((await del()).numDeletedRows);
    total += n;
    if (n < BATCH) return total;
    // Let requests in between batches.
    await new Promise((r) => setImmediate(r));
  }
}

export interface TrimRules {
  eventsDays: number;
  /** This many newest events always stay, however old: a stream resume within its replay limit never misses one silently. */
  keepNewestEvents: number;
  jobsDays: number;
  expiredSessionsDays: number;
  loginAttemptsDays: number;
}

/**
 * Deletes what nobody reads any more: events older than `eventsDays` (never the newest
 * `keepNewestEvents`), finished (done or given-up) jobs whose last run is older than `jobsDays`,
 * sessions, API tokens, password-reset links (used or expired) and unproven address codes expired more than
 * `expiredSessionsDays` ago, failed logins older than `loginAttemptsDays`, and webhook deliveries and finished Slack alerts older than 14 days.
 */
export async function trimOldRows(
  db: Database,
  rules: TrimRules,
  now = new Date(),
): Promise<Record<'events' | 'jobs' | 'sessions' | 'credentials' | 'loginAttempts' | 'webhookDeliveries' | 'slackPosts', number>> {
  const k = db.kysely;
  const floor = await k
    .selectFrom('events')
    .select('id')
    .orderBy('id', 'desc')
    .limit(1)
    .offset(rules.keepNewestEvents - 1)
    .executeTakeFirst();
  const eventsBefore = daysAgo(rules.eventsDays, now);
  const events = floor
    ? await inBatches(() =>
        k
          .deleteFrom('events')
          .where(
            'id',
            'in',
            k
              .selectFrom('events')
              .select('id')
              .where('id', '<', floor.id)
              .where('created_at', '<', eventsBefore)
              .orderBy('id')
              .limit(BATCH),
          )
          .executeTakeFirstOrThrow(),
      )
    : 0;
  const jobsBefore = daysAgo(rules.jobsDays, now);
  const jobs = await inBatches(() =>
    k
      .deleteFrom('jobs')
      .where(
        'id',
        'in',
        k.selectFrom('jobs').select('id').where('status', 'in', ['done', 'failed']).where('run_at', '<', jobsBefore).limit(BATCH),
      )
      .executeTakeFirstOrThrow(),
  );
  const sessionsBefore = daysAgo(rules.expiredSessionsDays, now);
  const sessions = await inBatches(() =>
    k
      .deleteFrom('sessions')
      .where('id', 'in', k.selectFrom('sessions').select('id').where('expires_at', '<', sessionsBefore).limit(BATCH))
      .executeTakeFirstOrThrow(),
  );
  // Credentials nobody can use any more; an address code that proved its address is the record of that and stays.
  const credentials =
    (await inBatches(() =>
      k
        .deleteFrom('api_tokens')
        .where('id', 'in', k.selectFrom('api_tokens').select('id').where('expires_at', '<', sessionsBefore).limit(BATCH))
        .executeTakeFirstOrThrow(),
    )) +
    (await inBatches(() =>
      k
        .deleteFrom('password_resets')
        .where(
          'id',
          'in',
          k
            .selectFrom('password_resets')
            .select('id')
            .where((eb) => eb.or([eb('expires_at', '<', sessionsBefore), eb('used_at', '<', sessionsBefore)]))
            .limit(BATCH),
        )
        .executeTakeFirstOrThrow(),
    )) +
    (await inBatches(() =>
      k
        .deleteFrom('email_address_verifications')
        .where(
          'id',
          'in',
          k
            .selectFrom('email_address_verifications')
            .select('id')
            .where('verified_at', 'is', null)
            .where('expires_at', '<', sessionsBefore)
            .limit(BATCH),
        )
        .executeTakeFirstOrThrow(),
    ));
  const attemptsBefore = daysAgo(rules.loginAttemptsDays, now);
  const loginAttempts = await inBatches(() =>
    k
      .deleteFrom('login_attempts')
      .where('id', 'in', k.selectFrom('login_attempts').select('id').where('at', '<', attemptsBefore).limit(BATCH))
      .executeTakeFirstOrThrow(),
  );
  // The webhook delivery log is kept 14 days (F-NOTIFY.4), whatever became of each delivery (retries end after about 3).
  const deliveriesBefore = daysAgo(WEBHOOK_DELIVERY_DAYS, now);
  const webhookDeliveries = await inBatches(() =>
    k
      .deleteFrom('webhook_deliveries')
      .where('id', 'in', k.selectFrom('webhook_deliveries').select('id').where('created_at', '<', deliveriesBefore).limit(BATCH))
      .executeTakeFirstOrThrow(),
  );
  // Slack alerts sent or given up, after as long (a pending one, waiting out a rate limit, stays).
  const slackPosts = await inBatches(() =>
    k
      .deleteFrom('slack_posts')
      .where(
        'id',
        'in',
        k.selectFrom('slack_posts').select('id').where('created_at', '<', deliveriesBefore).where('status', '!=', 'pending').limit(BATCH),
      )
      .executeTakeFirstOrThrow(),
  );
  return { events, jobs, sessions, credentials, loginAttempts, webhookDeliveries, slackPosts };
}
