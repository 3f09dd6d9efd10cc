import type { JobKind } from '../db/job-queue.js';
import type { Ctx } from '../domain/context.js';

/** A job: its name and payload schema (declared where it is queued) and the handler that runs it. */
export interface JobDefinition<P> extends JobKind<P> {
  handle(ctx: Ctx, payload: P): Promise<void>;
}

export const defineJob = <P>(def: JobDefinition<P>): JobDefinition<P> => def;
