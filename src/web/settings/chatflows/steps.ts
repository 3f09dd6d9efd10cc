/**
 * The builder's edits of a draft flow, pure: a new step of a kind (with an id no other step has),
 * moving, renaming and removing steps, and the problems to show (the server's own `flowProblems`, plus the
 * fields the builder leaves empty while someone types).
 */
import { flowProblems, type ChatflowDefinition, type ChatflowStep, type FlowProblem, type StepType } from '../../../common/chatflow.js';

export const stepTypes: StepType[] = [
  'message',
  'question',
  'capture_email',
  'branch',
  'set_property',
  'create_ticket',
  'webhook',
  'handoff',
  'end',
];

/** A fresh id for a step of this kind (`question_2`), unused in the flow. */
export function freshId(def: ChatflowDefinition, type: StepType): string {
  const ids = new Set(def.steps.map((s) => s.id));
  for (let n = 1; ; n++) if (!ids.has(`${type}_${n}`)) return `${type}_${n}`;
}

/** A new step of a kind, blank where the builder asks for words. */
export function newStep(def: ChatflowDefinition, type: StepType, pipeline?: { id: string }): ChatflowStep {
  const id = freshId(def, type);
  switch (type) {
    case 'message':
    case 'capture_email':
      return { id, type, text: '' };
    case 'question':
      return { id, type, text: '', buttons: [] };
    case 'branch':
      return { id, type, on: { kind: 'answer' }, cases: [{ equals: '', next: '' }] };
    case 'set_property':
      return { id, type, key: '', value: '' };
    case 'create_ticket':
      return { id, type, title: '', pipelineId: pipeline?.id ?? '' };
    case 'webhook':
      return { id, type, url: '' };
    case 'handoff':
      return { id, type };
    case 'end':
      return { id, type };
  }
}

/** A blank flow: a greeting, then a hand-over. */
export function blankFlow(name: string, greeting: string): ChatflowDefinition {
  return {
    name,
    botName: 'Bot',
    trigger: { when: 'always', pages: [] },
    steps: [
      { id: 'message_1', type: 'message', text: greeting, next: 'handoff_1' },
      { id: 'handoff_1', type: 'handoff' },
    ],
  };
}

/** The step at `from` moved to `to` (a drag), the others keeping their order. */
export function moveStepTo(def: ChatflowDefinition, from: number, to: number): ChatflowDefinition {
  if (from === to || to < 0 || to >= def.steps.length) return def;
  const steps = [...def.steps];
  steps.splice(to, 0, ...steps.splice(from, 1));
  return { ...def, steps };
}

export const moveStep = (def: ChatflowDefinition, index: number, by: -1 | 1) => moveStepTo(def, index, index + by);

/** Why `id` cannot name a step of `def` (other than the one named `self`), in the user's words; null when it can. */
export function stepIdProblem(def: ChatflowDefinition, id: string, self: string): 'format' | 'taken' | null {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(id)) return 'format';
  return def.steps.some((s) => s.id === id && s.id !== self) ? 'taken' : null;
}

/** A step renamed, and every go-to that named it renamed with it. */
export function renameStep(def: ChatflowDefinition, from: string, to: string): ChatflowDefinition {
  const r = <T extends string | undefined>(x: T): T => (x === from ? (to as T) : x);
  const steps = def.steps.map((step): ChatflowStep => {
    const s = { ...step, id: r(step.id) };
    if ('next' in s) s.next = r(s.next);
    if (s.type === 'question' && s.buttons) s.buttons = s.buttons.map((b) => ({ ...b, next: r(b.next) }));
    if (s.type === 'branch') {
      s.cases = s.cases.map((c) => ({ ...c, next: r(c.next) }));
      s.otherwise = r(s.otherwise);
    }
    if (s.type === 'webhook' && s.branches) s.branches = Object.fromEntries(Object.entries(s.branches).map(([k, v]) => [k, r(v)]));
    if (s.type === 'handoff') s.nobodyAvailable = r(s.nobodyAvailable);
    return s;
  });
  return { ...def, steps };
}

/** Removes a step; what went to it now names no step (a problem shown until it is pointed elsewhere). */
export function removeStep(def: ChatflowDefinition, index: number): ChatflowDefinition {
  return { ...def, steps: def.steps.filter((_, i) => i !== index) };
}

export function replaceStep(def: ChatflowDefinition, index: number, step: ChatflowStep): ChatflowDefinition {
  return { ...def, steps: def.steps.map((s, i) => (i === index ? step : s)) };
}

/**
 * What stops publishing, as the user edits: the server's check (a go-to naming no step, a step never
 * reached, repeated ids, buttons and a typed answer both) and a branch case without its go-to.
 */
export function draftProblems(def: ChatflowDefinition): FlowProblem[] {
  if (!def.steps.length) return [{ stepId: null, field: 'steps', message: 'empty' }];
  const out = flowProblems(def);
  for (const s of def.steps)
    if (s.type === 'branch') s.cases.forEach((c, i) => !c.next && out.push({ stepId: s.id, field: `cases.${i}.next`, message: 'no step' }));
  return out;
}

/** The problem's kind for its sentence in the user's language. */
export function problemKind(p: FlowProblem): 'unreachable' | 'missing' | 'duplicate' | 'both' | 'noTarget' | 'empty' | 'other' {
  if (p.message === 'empty') return 'empty';
  if (p.message === 'no step') return 'noTarget';
  if (p.message.startsWith('is never reached')) return 'unreachable';
  if (p.message.startsWith('names no step')) return 'missing';
  if (p.message.startsWith('is used by')) return 'duplicate';
  if (p.field === 'input') return 'both';
  return 'other';
}

/**
 * The server's field errors (`draft.steps.2.text`, `steps.2.text`) grouped by the id of the step they
 * were about in the draft that was sent (so they stay on that step when steps move), the rest apart.
 */
export function errorsByStep(
  errors: Record<string, string>,
  sent: ChatflowDefinition,
): { steps: Map<string, Record<string, string>>; other: Record<string, string> } {
  const steps = new Map<string, Record<string, string>>();
  const other: Record<string, string> = {};
  for (const [k, v] of Object.entries(errors)) {
    const m = /^(?:draft\.)?steps\.(\d+)\.?(.*)$/.exec(k);
    const id = m && sent.steps[Number(m[1])]?.id;
    if (!m || !id) other[k.replace(/^draft\./, '')] = v;
    else steps.set(id, { ...steps.get(id), [m[2] || 'id']: v });
  }
  return { steps, other };
}
