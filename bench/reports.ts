/**
 * `npm run bench -- reports [--scale N] [--engine sqlite|postgres|all] [--samples N]`
 *
 * Every report (agents, response times, volume, bots) for the last 30 days and for two years, as
 * an admin sees them (everything), on the data set of the list bench (two years of conversations,
 * ~5 messages each). Its facts and rollups are made once by `reports rebuild` (timed; kept with
 * the data set). Printed next to the same figure computed the way other inboxes do it, from
 * the messages table (each conversation's first incoming message and first reply by a person),
 * measured in the same run. A benchmark: it prints figures.
 */
import type { ReportName } from '../src/common/report-api.js';
import { reportNames } from '../src/common/report-api.js';
import { loadConfig } from '../src/server/config.js';
import { loadActor } from '../src/server/domain/auth.js';
import { startServer } from '../src/server/main.js';
import type { Actor } from '../src/server/permissions/policy.js';
import { rebuildReports } from '../src/server/reports/rebuild.js';
import { rollUp } from '../src/server/reports/rollups.js';
import { runReport } from '../src/server/reports/reports.js';
import { statsOf } from '../src/server/reports/stats.js';
import { ADMIN_EMAIL, fmt, PASSWORD } from './generate.js';
import { stats, timeIt, type Target } from './list.js';

const DAY = 86_400_000;
const ms = (x: number) => `${x.toFixed(1)} ms`;

export async function benchReports(t: Target, o: { samples: number; log: (s: string) => void }): Promise<void> {
  const { log, samples } = o;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: t.dataDir,
    DATABASE_URL: t.url,
    ADMIN_EMAIL,
    ADMIN_PASSWORD: PASSWORD,
    LOG_LEVEL: 'silent',
  });
  const running = await startServer(config, { schema: t.schema });
  try {
    const ctx = running.ctx;
    const k = ctx.db.kysely;
    const count = async (table: 'report_facts' | 'report_rollup_periods') =>
      Number(
        (
          await k
            .selectFrom(table)
            .select((e) => e.fn.countAll<number>().as('n'))
            .executeTakeFirst()
        )?.n ?? 0,
      );
    const facts = await count('report_facts');
    if (!facts) {
      const t0 = performance.now();
      let shown = 0;
      const r = await rebuildReports(ctx, {
        conversations: (done, total) => {
          if (done / total < shown / 10) return;
          log(`  ${t.engine}: reports rebuild ${Math.round((100 * done) / total)}% (${fmt(done)} conversations)`);
          shown++;
        },
      });
      const s = (performance.now() - t0) / 1000;
      log(
        `  ${t.engine}: reports rebuild: ${fmt(r.facts)} facts from ${fmt(r.conversations)} conversations, ${fmt(r.days)} days and ${fmt(r.months)} months rolled up, in ${s.toFixed(0)} s`,
      );
    } else if (!(await count('report_rollup_periods'))) {
      // The facts are kept; the rollups were dropped (a new format): made again.
      const t0 = performance.now();
      const r = await rollUp(ctx, { now: t.meta.nowMs });
      log(
        `  ${t.engine}: ${fmt(facts)} report facts rolled up again: ${fmt(r.days)} days and ${fmt(r.months)} months in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );
    } else log(`  ${t.engine}: reusing ${fmt(facts)} report facts and their rollups`);
    // The data set's today, summed as the worker sums it every five minutes, here at its first run
    // after the last write (the generator stamps what would happen later at its last minute: thousands of facts).
    const t1 = performance.now();
    const today = await rollUp(ctx, { now: t.meta.nowMs + 7 * 60_000 });
    log(`  ${t.engine}: the running day summed through ${today.through ?? '(nothing yet)'} in ${(performance.now() - t1).toFixed(0)} ms`);
    const admin = await k.selectFrom('users').select('id').where('email', '=', ADMIN_EMAIL).executeTakeFirstOrThrow();
    const actor = (await loadActor(ctx, admin.id)) as Actor;
    const day = (x: number) => new Date(x).toISOString().slice(0, 10);
    const now = t.meta.nowMs;
    const ranges = [
      { name: '30 days', from: day(now - 29 * DAY), to: day(now), start: now - 30 * DAY },
      { name: '2 years', from: day(now - 729 * DAY), to: day(now), start: now - 730 * DAY },
    ];
    // The reports' "today" is the data set's.
    ctx.clock = () => new Date(now);
    const rows: string[][] = [];
    for (const r of ranges) {
      // The same figure the way it is done without facts: every conversation of the range, its first incoming message and first reply by a person.
      let firstResponses = 0;
      const direct = stats(
        await timeIt(Math.min(samples, 10), 1, async () => {
          const list = await k
            .selectFrom('conversations as c')
            .select((e) => [
              e
                .selectFrom('messages as m')
                .select((m) => m.fn.min('m.created_at').as('t'))
                .whereRef('m.conversation_id', '=', 'c.id')
                .where('m.kind', '=', 'incoming')
                .as('first_in'),
              e
                .selectFrom('messages as m')
                .select((m) => m.fn.min('m.created_at').as('t'))
                .whereRef('m.conversation_id', '=', 'c.id')
                .where('m.kind', '=', 'reply')
                .where('m.author_user_id', 'is not', null)
                .as('first_reply'),
            ])
            .where('c.created_at', '>=', new Date(r.start).toISOString())
            .execute();
          const waits = list
            .filter((x) => x.first_in && x.first_reply && x.first_reply > x.first_in)
            .map((x) => (Date.parse(x.first_reply as string) - Date.parse(x.first_in as string)) / 1000);
          firstResponses = statsOf(waits).count;
        }),
      );
      rows.push([`from messages: first response, ${r.name}`, fmt(firstResponses), ms(direct.p50), ms(direct.p99), String(direct.n)]);
      for (const name of reportNames as readonly ReportName[]) {
        let size = 0;
        const s = stats(
          await timeIt(samples, 1, async () => {
            const rep = await runReport(ctx, actor, name, {
              from: r.from,
              to: r.to,
              tz: 'UTC',
              interval: r.name === '2 years' ? 'week' : 'day',
            });
            size = JSON.stringify(rep).length;
          }),
        );
        rows.push([`${name}, ${r.name}`, `${fmt(size)} B`, ms(s.p50), ms(s.p99), String(s.n)]);
      }
    }
    const head = ['report (admin, all inboxes)', 'answer', 'p50', 'p99', 'samples'];
    const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    log(
      `\n${t.engine}: ${fmt(t.meta.rows.conversations)} conversations, ${fmt(t.meta.rows.messages)} messages, ${t.meta.setup.agents.length} agents`,
    );
    for (const r of [head, ...rows]) log(`  ${r.map((c, i) => (i ? c.padStart(w[i]!) : c.padEnd(w[i]!))).join('  ')}`);
  } finally {
    await running.close();
  }
}
