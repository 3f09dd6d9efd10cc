import type { JobKind } from '../db/job-queue.js';
import type { Ctx } from '../domain/context.js';

/** A job: its name and payload schema (declared where it is queued) and the handler that runs it. */
export interface JobDefinition<P> extends JobKind<P> {
  /** `lastTry`: a failure now fails the job for good (a handler may then leave word of it instead). */
  handle(ctx: Ctx, payload: P, run?: { lastTry: boolean }): Promise<void>;
  /**
   * A recurring job (payload `{}`): when it runs next after `now`. The worker queues the next run at
   * start and whenever one runs, with that time in the dedupe key, so each run is queued once
   * however many processes there are, and one of them claims it.
   */
  schedule?: (now: Date) => Date;
  /** Long work (an export, an import): run in a lane of its own, so replies and notifications never wait behind it. */
  long?: boolean;
}

export const defineJob = <P>(def: JobDefinition<P>): JobDefinition<P> => def;
