/**
 * Chatflows (F-CHAT.6): a bot's flow as JSON, the same for the builder and an integrator writing it
 * by hand. `{name, trigger, steps: [{id, type, …, next}]}`; the first step starts; a missing `next`
 * ends the flow (the conversation goes to the inbox as it would without a bot).
 */
import { z } from 'zod';
import { TargetRuleInput } from './chat-schema.js';
import { timeZoneName } from './time-zone.js';

export const CHATFLOW_LIMITS = { steps: 100, text: 2000, buttons: 10, cases: 20, label: 80 } as const;

const stepId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1 to 40 letters, digits, - or _');
const next = stepId.optional();
const text = z.string().trim().min(1).max(CHATFLOW_LIMITS.text);
/** A contact's field (`name`, `phone`, `company`) or one of its own properties. */
export const propertyKey = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a lower-case name: letters, digits and _');
export const builtInProperties = ['name', 'phone', 'company'] as const;

/** Opening hours in a time zone: days 0 (Sunday) to 6, `from` and `to` as HH:MM. */
export const Hours = z.object({
  timeZone: timeZoneName,
  days: z.array(z.number().int().min(0).max(6)).min(1).max(7),
  from: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'),
  to: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'),
});
export type Hours = z.infer<typeof Hours>;

/** Whether `at` falls inside the hours (a `to` before `from` runs past midnight). */
export function withinHours(h: Hours, at: Date): boolean {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: h.timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .formatToParts(at)
    .reduce<Record<string, string>>((o, p) => ((o[p.type] = p.value), o), {});
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday!);
  const now = `${parts.hour}:${parts.minute}`;
  if (h.from <= h.to) return h.days.includes(day) && now >= h.from && now < h.to;
  // Overnight: the evening belongs to the day it starts, the early morning to the day before.
  return (h.days.includes(day) && now >= h.from) || (h.days.includes((day + 6) % 7) && now < h.to);
}

export const answerKinds = ['any', 'email', 'phone', 'number'] as const;

const base = { id: stepId };
export const MessageStep = z.object({ ...base, type: z.literal('message'), text, next });
export const QuestionStep = z.object({
  ...base,
  type: z.literal('question'),
  text,
  /** Buttons: each answer its own way on (none: the question's `next`). */
  buttons: z
    .array(z.object({ label: z.string().trim().min(1).max(CHATFLOW_LIMITS.label), next }))
    .max(CHATFLOW_LIMITS.buttons)
    .optional(),
  /** Free text, checked: asked again (up to three times) when it does not fit. */
  input: z.enum(answerKinds).optional(),
  saveAs: propertyKey.optional(),
  /** Minutes without an answer before a person takes over (default 10). */
  timeoutMinutes: z.number().int().min(1).max(1440).optional(),
  next,
});
export const CaptureEmailStep = z.object({ ...base, type: z.literal('capture_email'), text, next });
export const BranchStep = z.object({
  ...base,
  type: z.literal('branch'),
  /** The last answer, a contact property, whether an agent is available (`available`/`away`), or the hours (`open`/`closed`). */
  on: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('answer') }),
    z.object({ kind: z.literal('property'), key: propertyKey }),
    z.object({ kind: z.literal('availability') }),
    z.object({ kind: z.literal('hours'), hours: Hours }),
    /** The inbox's business hours (Settings › Inboxes): `open` or `closed`. */
    z.object({ kind: z.literal('business_hours') }),
  ]),
  /** Compared without regard to case or surrounding spaces. */
  cases: z
    .array(z.object({ equals: z.string().trim().max(CHATFLOW_LIMITS.label), next: stepId }))
    .min(1)
    .max(CHATFLOW_LIMITS.cases),
  otherwise: next,
});
export const SetPropertyStep = z.object({
  ...base,
  type: z.literal('set_property'),
  key: propertyKey,
  value: z.string().max(500),
  next,
});
export const CreateTicketStep = z.object({
  ...base,
  type: z.literal('create_ticket'),
  title: text,
  pipelineId: z.string().min(1).max(64),
  stageId: z.string().min(1).max(64).optional(),
  next,
});
export const WebhookStep = z.object({
  ...base,
  type: z.literal('webhook'),
  url: z.url({ protocol: /^https?$/ }).max(500),
  /** The answer's `branch` chooses among these; its `properties` are saved to the contact. */
  branches: z.record(z.string().regex(/^[a-z0-9_-]{1,40}$/), stepId).optional(),
  next,
});
export const HandoffStep = z.object({
  ...base,
  type: z.literal('handoff'),
  teamId: z.string().min(1).max(64).optional(),
  userIds: z.array(z.string().min(1).max(64)).max(50).optional(),
  toOwner: z.boolean().optional(),
  /** Runs instead when nobody is available (none: the conversation waits in the inbox unassigned). */
  nobodyAvailable: next,
});
export const EndStep = z.object({ ...base, type: z.literal('end'), text: text.optional() });

export const ChatflowStep = z.discriminatedUnion('type', [
  MessageStep,
  QuestionStep,
  CaptureEmailStep,
  BranchStep,
  SetPropertyStep,
  CreateTicketStep,
  WebhookStep,
  HandoffStep,
  EndStep,
]);
export type ChatflowStep = z.infer<typeof ChatflowStep>;
export type StepType = ChatflowStep['type'];

export const ChatflowTrigger = z.object({
  /** Every new conversation, or only when nobody (or somebody) is available to answer. */
  when: z.enum(['always', 'nobody_available', 'anyone_available']).default('always'),
  /** Only for visitors who start on a page these rules pick, in the form of the chat channel's targeting (none: any page; Messenger has no page). */
  pages: z.array(TargetRuleInput).max(20).default([]),
  /** Only inside (`inside`) or outside (`outside`) these hours. */
  hours: Hours.extend({ match: z.enum(['inside', 'outside']) }).optional(),
});
export type ChatflowTrigger = z.infer<typeof ChatflowTrigger>;

export const ChatflowDefinition = z.object({
  name: z.string().trim().min(1).max(100),
  /** The name visitors see on the bot's messages. */
  botName: z.string().trim().min(1).max(60).default('Bot'),
  trigger: ChatflowTrigger.default({ when: 'always', pages: [] }),
  steps: z.array(ChatflowStep).min(1).max(CHATFLOW_LIMITS.steps),
});
export type ChatflowDefinition = z.infer<typeof ChatflowDefinition>;

export interface FlowProblem {
  stepId: string | null;
  field: string;
  message: string;
}

/** The steps a step can go on to, with the field that names each. */
export function targetsOf(s: ChatflowStep): { field: string; to: string }[] {
  const out: { field: string; to: string }[] = [];
  const add = (field: string, to: string | undefined) => to && out.push({ field, to });
  if ('next' in s) add('next', s.next);
  if (s.type === 'question') s.buttons?.forEach((b, i) => add(`buttons.${i}.next`, b.next));
  if (s.type === 'branch') {
    s.cases.forEach((c, i) => add(`cases.${i}.next`, c.next));
    add('otherwise', s.otherwise);
  }
  if (s.type === 'webhook') for (const [k, v] of Object.entries(s.branches ?? {})) add(`branches.${k}`, v);
  if (s.type === 'handoff') add('nobodyAvailable', s.nobodyAvailable);
  return out;
}

/**
 * What makes a well-formed flow unusable: repeated ids, a target that is no step, a step nothing
 * leads to, a question that saves nothing typed. Empty: it can be published.
 */
export function flowProblems(def: ChatflowDefinition): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const ids = new Map<string, number>();
  def.steps.forEach((s, i) => {
    if (ids.has(s.id)) problems.push({ stepId: s.id, field: 'id', message: `is used by step ${ids.get(s.id)! + 1} too` });
    else ids.set(s.id, i);
  });
  for (const s of def.steps)
    for (const t of targetsOf(s)) if (!ids.has(t.to)) problems.push({ stepId: s.id, field: t.field, message: `names no step ("${t.to}")` });
  // Reachable from the first step (an iterative walk: a flow of any shape costs its size).
  const reached = new Set<string>([def.steps[0]!.id]);
  const todo = [def.steps[0]!];
  const byId = new Map(def.steps.map((s) => [s.id, s]));
  while (todo.length) {
    for (const t of targetsOf(todo.pop()!)) {
      const to = byId.get(t.to);
      if (!to || reached.has(to.id)) continue;
      reached.add(to.id);
      todo.push(to);
    }
  }
  for (const s of def.steps)
    if (!reached.has(s.id)) problems.push({ stepId: s.id, field: 'id', message: 'is never reached from the first step' });
  for (const s of def.steps)
    if (s.type === 'question' && s.buttons?.length && s.input)
      problems.push({ stepId: s.id, field: 'input', message: 'a question has buttons or a typed answer, not both' });
  return problems;
}

/** `POST /channels/:id/chatflows` takes a definition; `PATCH /chatflows/:id` a new draft and/or `enabled`. */
export const ChatflowUpdate = z.object({ draft: ChatflowDefinition.optional(), enabled: z.boolean().optional() }).strict();
export type ChatflowUpdate = z.infer<typeof ChatflowUpdate>;

export interface ChatflowOut {
  id: string;
  channelId: string;
  name: string;
  draft: ChatflowDefinition;
  /** What stops the draft from being published; empty: it can be. */
  problems: FlowProblem[];
  publishedVersion: number | null;
  enabled: boolean;
  /** Signs the requests of the flow's webhook steps (`webhook-signature`, as outgoing webhooks). */
  webhookSecret: string;
  createdAt: string;
  updatedAt: string;
}
