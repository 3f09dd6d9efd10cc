/** A drill-down: the facts behind a report's figure, newest first, each with its conversation (keyset pages). */
import type { ChannelKind } from '../../common/api-fields.js';
import type { ReportFactOut, ReportFactsQuery } from '../../common/report-api.js';
import type { Db } from '../db/database.js';
import { decodeCursor, keysetCursor, pageOf } from '../db/pagination.js';
import type { ReportFactKind } from '../db/schema-reports.js';
import type { FactScope } from './facts.js';
import { factsQuery } from './facts.js';
import type { ReportRange } from '../../common/report-api.js';

/** Person-attributed kinds: a viewer who sees only their own figures sees only their own of these. */
const PERSONAL: ReportFactKind[] = ['first_response', 'reply', 'closed', 'reopened'];

export async function listFacts(k: Db, range: ReportRange, scope: FactScope, q: ReportFactsQuery) {
  const limit = q.limit ?? 50;
  let sel = factsQuery(k, [q.kind], scope, [[range.start, range.end]], PERSONAL.includes(q.kind))
    .innerJoin('conversations as c', 'c.id', 'report_facts.conversation_id')
    .leftJoin('contacts as p', 'p.id', 'c.contact_id')
    .select([
      'report_facts.id',
      'report_facts.at',
      'report_facts.kind',
      'report_facts.conversation_id',
      'report_facts.inbox_id',
      'report_facts.channel_kind',
      'report_facts.user_id',
      'report_facts.seconds',
      'report_facts.business_seconds',
      'c.subject',
      'p.name as contact_name',
    ]);
  if (q.flowId) sel = sel.where('report_facts.flow_id', '=', q.flowId);
  if (q.stepId) sel = sel.where('report_facts.step_id', '=', q.stepId);
  if (q.cursor) {
    const c = decodeCursor(keysetCursor, q.cursor);
    sel = sel.where((e) =>
      e.or([e('report_facts.at', '<', c.t), e.and([e('report_facts.at', '=', c.t), e('report_facts.id', '<', c.id)])]),
    );
  }
  const rows = await sel
    .orderBy('report_facts.at', 'desc')
    .orderBy('report_facts.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = pageOf(rows, limit, (r) => ({ t: r.at, id: r.id }));
  return {
    items: page.items.map((r): ReportFactOut => ({
      at: r.at,
      kind: r.kind as ReportFactOut['kind'],
      conversationId: r.conversation_id,
      subject: r.subject,
      contactName: r.contact_name,
      inboxId: r.inbox_id,
      channel: r.channel_kind as ChannelKind,
      userId: r.user_id,
      seconds: r.seconds,
      businessSeconds: r.business_seconds,
    })),
    nextCursor: page.nextCursor,
  };
}
