import type { Ctx } from '../domain/context.js';
import { decodeJson } from '../db/json.js';
import { failJob, finishJob, holdJob, JOB_MAX_ATTEMPTS } from '../db/job-queue.js';
import type { JobsTable } from '../db/schema.js';
import { metrics } from '../metrics.js';
import type { JobDefinition } from './define.js';
import { isHeld, isPermanent } from './deliver-message.js';

/** A payload that does not match its job's schema: it can never succeed, so it is failed at once. */
class BadPayload extends Error {}

/**
 * Runs one claimed job and records how it ended: done; held (waits without using up attempts);
 * failed for good (a bad payload, a permanent error); or failed for now, to be tried again later.
 */
export async function runJob(ctx: Ctx, def: JobDefinition<any> | undefined, job: JobsTable): Promise<void> {
  try {
    if (!def) throw new Error(`No handler for job kind ${job.kind}`);
    const parsed = def.payload.safeParse(decodeJson(job.payload, {}));
    if (!parsed.success)
      throw new BadPayload(
        `The payload of this ${job.kind} job does not match its schema: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ')}`,
      );
    await def.handle(ctx, parsed.data, { lastTry: job.attempts >= JOB_MAX_ATTEMPTS });
    await finishJob(ctx.db, job.id);
  } catch (err) {
    const error = String((err as Error).message ?? err);
    if (isHeld(err)) await holdJob(ctx.db, job, error).catch(() => undefined);
    else {
      const final = await failJob(ctx.db, job, error, { final: err instanceof BadPayload || isPermanent(err) }).catch(() => false);
      metrics.jobFailures.inc({ kind: job.kind, final: String(final) });
    }
  }
}
