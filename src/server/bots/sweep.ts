/**
 * The bots' safety net: every few seconds, the sessions that are due (`due_at` passed) run. A
 * waiting question's time is up; a running session whose next step is that late lost its process
 * (it stopped between two steps). One indexed read a sweep, nothing written while all goes well:
 * no job per answer. Every process sweeps; a step claimed twice runs once (`seq`, run.ts).
 */
import type { Ctx } from '../domain/context.js';
import { giveUp, runBot, runningHere } from './run.js';

const SWEEP_MS = 2_000;
/** A session whose step still fails this long after it was due is handed to people. */
const GIVE_UP_MS = 10 * 60_000;
/** Sessions taken up in one sweep; the next sweep takes the rest. */
const PER_SWEEP = 100;

export function startBotSweep(ctx: Ctx, everyMs = SWEEP_MS): { stop(): Promise<void> } {
  let sweeping: Promise<void> = Promise.resolve();
  let busy = false;
  const sweep = async () => {
    const due = await ctx.db.kysely
      .selectFrom('bot_sessions')
      .select(['conversation_id', 'due_at'])
      .where('due_at', '<=', new Date().toISOString())
      .orderBy('due_at')
      .limit(PER_SWEEP)
      .execute();
    await Promise.all(
      due
        .filter((d) => !runningHere.has(d.conversation_id))
        .map(async (d) => {
          try {
            await runBot(ctx, d.conversation_id);
          } catch (err) {
            const late = Date.now() - Date.parse(d.due_at!);
            console.error(
              `a chatflow step failed; ${late > GIVE_UP_MS ? 'the conversation goes to people' : 'the next sweep tries again'}`,
              err,
            );
            if (late > GIVE_UP_MS) await giveUp(ctx, d.conversation_id);
          }
        }),
    );
  };
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    sweeping = sweep()
      .catch((err) => console.error('the chatflow sweep failed', err))
      .finally(() => (busy = false));
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await sweeping;
    },
  };
}
