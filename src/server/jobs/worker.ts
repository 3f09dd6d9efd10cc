import type { Ctx } from '../domain/context.js';
import { decodeJson } from '../db/json.js';
import { claimJob, failJob, finishJob, holdJob } from './queue.js';
import { deliverMessage, isHeld } from './deliver-message.js';

/** One entry per job kind; each handler lives in its own file. */
const handlers: Record<string, (ctx: Ctx, payload: any) => Promise<void>> = {
  'deliver-message': deliverMessage,
  'route-conversation': async (ctx, p) => (await import('../domain/routing.js')).routeConversation(ctx, p),
  'chat-transcript': async (ctx, p) => (await import('../channels/chat/transcript.js')).sendTranscript(ctx, p),
  'replay-held': async (ctx, p) => (await import('./replay-held.js')).replayHeldJob(ctx, p),
  'email-verify-address': async (ctx, p) => (await import('../channels/email/identity.js')).sendAddressCode(ctx, p),
  'password-reset-email': async (ctx, p) => (await import('./password-reset-email.js')).sendResetLink(ctx, p),
};

/** Runs due jobs one at a time; stops cleanly. */
export function startWorker(ctx: Ctx, pollMs = 1000) {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    while (!stopped) {
      const job = await claimJob(ctx.db).catch(() => null);
      if (!job) return;
      const handler = handlers[job.kind];
      try {
        if (!handler) throw new Error(`No handler for job kind ${job.kind}`);
        await handler(ctx, decodeJson(job.payload, {}));
        await finishJob(ctx.db, job.id);
      } catch (err) {
        const error = String((err as Error).message ?? err);
        await (isHeld(err) ? holdJob(ctx.db, job, error) : failJob(ctx.db, job, error)).catch(() => undefined);
      }
    }
  };
  const timer = setInterval(() => {
    running = running.then(tick);
  }, pollMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
