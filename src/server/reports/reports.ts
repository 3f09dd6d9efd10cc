/** The reports (F-REPORT): one entry per report name, each scoped to what the viewer may read. */
import type { ReportFactsQuery, ReportName, ReportQuery } from '../../common/report-api.js';
import type { Ctx } from '../domain/context.js';
import type { Actor } from '../permissions/policy.js';
import { agentsReport } from './agents.js';
import { botsReport } from './bots.js';
import { scopeOf } from './facts.js';
import { listFacts } from './fact-list.js';
import { rangeOf } from './range.js';
import { responseTimesReport } from './response-times.js';
import { volumeReport } from './volume.js';

export async function runReport(ctx: Ctx, actor: Actor, name: ReportName, q: ReportQuery) {
  const scope = scopeOf(actor, q);
  const now = ctx.clock ? ctx.clock().getTime() : Date.now();
  const range = rangeOf(q, now);
  // A replica when configured (read-your-writes as for lists: a recount just asked for shows).
  const k = await ctx.db.readerFor(actor.id);
  switch (name) {
    case 'agents':
      return agentsReport(k, range, scope);
    case 'response-times':
      return responseTimesReport(k, range, scope);
    case 'volume':
      return volumeReport(k, range, scope, q.interval ?? 'day', now);
    case 'bots':
      return botsReport(k, range, scope);
  }
}

export async function reportFacts(ctx: Ctx, actor: Actor, q: ReportFactsQuery) {
  const scope = scopeOf(actor, q);
  return listFacts(await ctx.db.readerFor(actor.id), rangeOf(q, ctx.clock ? ctx.clock().getTime() : Date.now()), scope, q);
}
