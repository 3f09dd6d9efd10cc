/** Bots (F-REPORT.4): per flow, conversations started, completed, handed over, taken over, emails captured, and how often each step was reached. */
import type { BotsReport, ReportRange } from '../../common/report-api.js';
import type { ChatflowDefinition } from '../../common/chatflow.js';
import type { Db } from '../db/database.js';
import { decodeJson } from '../db/json.js';
import type { FactScope } from './facts.js';
import { partsOf } from './parts.js';

type Flow = Omit<BotsReport['flows'][number], 'steps'> & { steps: Map<string, number> };

export async function botsReport(k: Db, range: ReportRange, scope: FactScope): Promise<BotsReport> {
  const [parts] = await partsOf(
    k,
    ['bot_started', 'bot_ended', 'bot_email', 'bot_step'],
    { ...scope, userId: null },
    range.start,
    range.end,
    { byPerson: false, longest: 'year', when: false, timed: [], groupings: [['flow_id', 'step_id']] },
  );
  const flows = new Map<string, Flow>();
  for (const p of parts) {
    if (!p.flow_id) continue;
    let g = flows.get(p.flow_id);
    if (!g) {
      g = { flowId: p.flow_id, name: '', started: 0, completed: 0, handedOver: 0, takenOver: 0, emailCaptured: 0, steps: new Map() };
      flows.set(p.flow_id, g);
    }
    if (p.kind === 'bot_started') g.started += p.n;
    else if (p.kind === 'bot_email') g.emailCaptured += p.n;
    else if (p.kind === 'bot_ended') {
      if (p.detail === 'finished') g.completed += p.n;
      else if (p.detail === 'taken_over') g.takenOver += p.n;
      else g.handedOver += p.n;
    } else if (p.step_id) g.steps.set(p.step_id, (g.steps.get(p.step_id) ?? 0) + p.n);
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
        return { ...g, name: def?.name ?? '', steps: stepIds.map((stepId) => ({ stepId, reached: g.steps.get(stepId)! })) };
      })
      .sort((a, b) => b.started - a.started || a.name.localeCompare(b.name)),
  };
}
