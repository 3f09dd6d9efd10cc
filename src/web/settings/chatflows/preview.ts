/**
 * The builder's "Try it": a small interpreter that runs a DRAFT flow in the browser, as the bot on the
 * server would (same answer checks, same case comparison), without saving anything. What the browser
 * cannot know (whether someone is available, the opening hours, a webhook's answer) the person trying it
 * picks; a hand-over or the end shows a line. Pure: each call takes a state and gives the next one.
 */
import type { ChatflowDefinition, ChatflowStep } from '../../../common/chatflow.js';
import { checkAnswer } from '../../../common/chatflow-answers.js';

/** What the trial shows, in order: the bot's and the visitor's bubbles, and lines about what happened. */
export type PreviewLine =
  | { from: 'bot' | 'visitor'; text: string }
  | { from: 'note'; note: 'property' | 'ticket' | 'handoff' | 'waiting' | 'end' | 'inbox' | 'missing' | 'loop' | 'retry'; detail?: string };

/** What the trial waits for: an answer (buttons or typed), a choice the person trying it makes, or nothing (over). */
export type PreviewWait =
  | { kind: 'answer'; stepId: string; buttons: string[]; input: 'any' | 'email' | 'phone' | 'number' | 'button' }
  | { kind: 'choice'; stepId: string; about: 'availability' | 'hours' | 'webhook' | 'handoff'; options: string[] }
  | { kind: 'done' };

export interface PreviewState {
  lines: PreviewLine[];
  wait: PreviewWait;
  /** The contact's properties as the flow has set them. */
  properties: Record<string, string>;
  /** The last answer given (what a branch on the answer reads). */
  answer: string | null;
  tries: number;
}

/** As on the server: a question asked three times without a fitting answer hands over. */
export const PREVIEW_MAX_TRIES = 3;
/** Steps run without waiting before the trial stops (a flow that loops on itself). */
const MAX_RUN = 200;
/** The choice for "no branch" of a webhook: its `next`. */
export const WEBHOOK_NONE = '';

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Starts the flow at its first step. */
export function startPreview(def: ChatflowDefinition): PreviewState {
  return runFrom(def, { lines: [], wait: { kind: 'done' }, properties: {}, answer: null, tries: 0 }, def.steps[0]?.id);
}

function find(def: ChatflowDefinition, id: string): ChatflowStep | undefined {
  return def.steps.find((s) => s.id === id);
}

/** Runs steps from `id` until one waits (or the flow ends). */
function runFrom(def: ChatflowDefinition, state: PreviewState, id: string | undefined): PreviewState {
  const lines = [...state.lines];
  const properties = { ...state.properties };
  const answer = state.answer;
  const out = (wait: PreviewWait): PreviewState => ({ lines, wait, properties, answer, tries: wait.kind === 'answer' ? 1 : 0 });
  for (let n = 0; n < MAX_RUN; n++) {
    if (id === undefined) {
      lines.push({ from: 'note', note: 'inbox' });
      return out({ kind: 'done' });
    }
    const step = find(def, id);
    if (!step) {
      lines.push({ from: 'note', note: 'missing', detail: id });
      return out({ kind: 'done' });
    }
    switch (step.type) {
      case 'message':
        lines.push({ from: 'bot', text: step.text });
        id = step.next;
        break;
      case 'question':
      case 'capture_email': {
        lines.push({ from: 'bot', text: step.text });
        const buttons = step.type === 'question' ? (step.buttons ?? []).map((b) => b.label) : [];
        const input = step.type === 'capture_email' ? 'email' : buttons.length ? 'button' : (step.input ?? 'any');
        return out({ kind: 'answer', stepId: step.id, buttons, input });
      }
      case 'branch': {
        const on = step.on;
        if (on.kind === 'availability' || on.kind === 'hours' || on.kind === 'business_hours') {
          const options = on.kind === 'availability' ? ['available', 'away'] : ['open', 'closed'];
          return out({ kind: 'choice', stepId: step.id, about: on.kind === 'availability' ? 'availability' : 'hours', options });
        }
        const value = on.kind === 'answer' ? (answer ?? '') : (properties[on.key] ?? '');
        id = step.cases.find((c) => same(c.equals, value))?.next ?? step.otherwise;
        break;
      }
      case 'set_property':
        properties[step.key] = step.value;
        lines.push({ from: 'note', note: 'property', detail: `${step.key} = ${step.value}` });
        id = step.next;
        break;
      case 'create_ticket':
        lines.push({ from: 'note', note: 'ticket', detail: step.title });
        id = step.next;
        break;
      case 'webhook':
        return out({ kind: 'choice', stepId: step.id, about: 'webhook', options: [WEBHOOK_NONE, ...Object.keys(step.branches ?? {})] });
      case 'handoff':
        if (step.nobodyAvailable) return out({ kind: 'choice', stepId: step.id, about: 'handoff', options: ['available', 'away'] });
        lines.push({ from: 'note', note: 'handoff' });
        return out({ kind: 'done' });
      case 'end':
        if (step.text) lines.push({ from: 'bot', text: step.text });
        lines.push({ from: 'note', note: 'end' });
        return out({ kind: 'done' });
    }
  }
  lines.push({ from: 'note', note: 'loop' });
  return out({ kind: 'done' });
}

/** The visitor answers the question the trial waits on (a button's label or typed text). */
export function answerPreview(def: ChatflowDefinition, state: PreviewState, text: string): PreviewState {
  const w = state.wait;
  if (w.kind !== 'answer' || !text.trim()) return state;
  const step = find(def, w.stepId);
  if (!step || (step.type !== 'question' && step.type !== 'capture_email')) return state;
  const lines: PreviewLine[] = [...state.lines, { from: 'visitor', text }];
  const properties = { ...state.properties };
  const buttons = step.type === 'question' ? (step.buttons ?? []) : [];
  const chosen = buttons.find((b) => same(b.label, text));
  if (chosen) {
    if (step.type === 'question' && step.saveAs) properties[step.saveAs] = chosen.label;
    return runFrom(def, { ...state, lines, properties, answer: chosen.label }, chosen.next ?? step.next);
  }
  const checked = w.input === 'button' ? null : checkAnswer(w.input, text);
  if (checked === null) {
    if (state.tries >= PREVIEW_MAX_TRIES) {
      lines.push({ from: 'note', note: 'handoff' });
      return { ...state, lines, wait: { kind: 'done' } };
    }
    lines.push({ from: 'note', note: 'retry' }, { from: 'bot', text: step.text });
    return { ...state, lines, tries: state.tries + 1 };
  }
  const key = step.type === 'capture_email' ? 'email' : step.saveAs;
  if (key) properties[key] = checked;
  return runFrom(def, { ...state, lines, properties, answer: checked }, step.next);
}

/** The person trying the flow picks what the browser cannot know: availability, hours, a webhook's branch. */
export function choosePreview(def: ChatflowDefinition, state: PreviewState, option: string): PreviewState {
  const w = state.wait;
  if (w.kind !== 'choice' || !w.options.includes(option)) return state;
  const step = find(def, w.stepId);
  if (!step) return state;
  if (step.type === 'branch') {
    const to = step.cases.find((c) => same(c.equals, option))?.next ?? step.otherwise;
    return runFrom(def, state, to);
  }
  if (step.type === 'webhook') return runFrom(def, state, (option && step.branches?.[option]) || step.next);
  if (step.type === 'handoff') {
    if (option === 'away' && step.nobodyAvailable) return runFrom(def, state, step.nobodyAvailable);
    return { ...state, lines: [...state.lines, { from: 'note', note: 'handoff' }], wait: { kind: 'done' } };
  }
  return state;
}
