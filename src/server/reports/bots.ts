/** Bots (F-REPORT.4): per flow, conversations started, completed, handed over, taken over, emails captured, and how many reached each step. */
import type { BotsReport, ReportRange } from '../../common/report-api.js';
import type { ChatflowDefinition } from '../../common/chatflow.js';
import type { Db } from '../db/database.js';
import { decodeJson } from '../db/json.js';
import { factsQuery, type FactScope } from './facts.js';

type Flow = Omit<BotsReport['flows'][number], 'steps'> & { steps: Map<string, Set<string>> };

export async function botsReport(k: Db, range: ReportRange, scope: FactScope): Promise<BotsReport> {
  const facts = await factsQuery(
    k,
    ['bot_started', 'bot_ended', 'bot_email', 'bot_step'],
    { ...scope, userId: null },
    range.start,
    range.end,
    false,
  )
    .select(['kind', 'conversation_id', 'flow_id', 'step_id', 'detail'])
    .execute();
  const flows = new Map<string, Flow>();
  for (const f of facts) {
    if (!f.flow_id) continue;
    let g = flows.get(f.flow_id);
    if (!g) {
      g = { flowId: f.flow_id, name: '', started: 0, completed: 0, handedOver: 0, takenOver: 0, emailCaptured: 0, steps: new Map() };
      flows.set(f.flow_id, g);
    }
    if (f.kind === 'bot_started') g.started++;
    else if (f.kind === 'bot_email') g.emailCaptured++;
    else if (f.kind === 'bot_ended') {
      if (f.detail === 'finished') g.completed++;
      else if (f.detail === 'taken_over') g.takenOver++;
      else g.handedOver++;
    } else if (f.step_id) {
      const s = g.steps.get(f.step_id) ?? new Set<string>();
      g.steps.set(f.step_id, s.add(f.conversation_id));
    }
  }
  const ids = [...flows.keys()];
  const rows = ids.length ? await k.selectFrom('chatflows').select(['id', 'name', 'draft']).where('id', 'in', ids).execute() : [];
  const defs = new Map(rows.map((r) => [r.id, r]));
  return {
    range,
    flows: [...flows.values()]
      .map((g) => {
        const def = defs.get(g.flowId);
        // The flow's own order (as drafted now), then any step it no longer has.
        const order = decodeJson<ChatflowDefinition | null>(def?.draft ?? null, null)?.steps.map((s) => s.id) ?? [];
        const stepIds = [...order.filter((id) => g.steps.has(id)), ...[...g.steps.keys()].filter((id) => !order.includes(id))];
        return { ...g, name: def?.name ?? '', steps: stepIds.map((stepId) => ({ stepId, reached: g.steps.get(stepId)!.size })) };
      })
      .sort((a, b) => b.started - a.started || a.name.localeCompare(b.name)),
  };
}
