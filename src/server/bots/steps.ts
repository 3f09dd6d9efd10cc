/**
 * What each kind of chatflow step does, inside the transaction that runs it. A step answers where
 * the session goes: on to a step, waiting for the visitor, or ended (handed over or finished).
 */
import { builtInProperties, withinHours, type ChatflowDefinition, type ChatflowStep } from '../../common/chatflow.js';
import type { BotEndReason } from '../../common/timeline.js';
import { decodeJson, encodeJson } from '../db/json.js';
import { prepared } from '../db/prepared.js';
import type { ChannelsTable, ConversationsTable, MessagesTable } from '../db/schema.js';
import type { BotSessionsTable } from '../db/schema-chatflows.js';
import { anyoneAvailable } from '../domain/availability.js';
import type { Ctx, Writer } from '../domain/context.js';
import { rowForEvent } from '../domain/conversations.js';
import { insertMessage, presentMessage } from '../domain/messages.js';
import { queueDelivery } from '../domain/outbox.js';
import { insertTicket } from '../domain/tickets.js';
import { noteUnverifiedEmail } from '../channels/chat/email-capture.js';
import { noteFact } from '../domain/report-facts.js';
import { businessHoursOf } from '../domain/business-hours.js';
import { isBusinessOpen } from '../../common/business-hours.js';
import { checkAnswer } from '../../common/chatflow-answers.js';
import type { InputHint } from '../../common/chat-contract.js';

export type Outcome =
  | { to: 'step'; stepId: string; answer?: string | null }
  | { to: 'wait'; tries: number; minutes: number }
  | { to: 'end'; reason: BotEndReason; handoff?: { teamId?: string; userIds?: string[]; toOwner?: boolean } };

export interface StepCtx {
  ctx: Ctx;
  w: Writer;
  conv: ConversationsTable;
  channel: ChannelsTable;
  flow: ChatflowDefinition;
  session: BotSessionsTable;
  /** A webhook step's answer, fetched before the transaction. */
  webhookAnswer?: { properties: Record<string, string>; branch: string | null } | null;
  /** The messages the step wrote, in order: pushed to the visitor once it commits. */
  said: MessagesTable[];
}

/** Asking more than this many times hands the conversation to a person. */
export const MAX_TRIES = 3;
const DEFAULT_TIMEOUT_MIN = 10;

const onward = (next: string | undefined, answer?: string | null): Outcome =>
  next ? { to: 'step', stepId: next, answer } : { to: 'end', reason: 'finished' };

const touchConversation = prepared((k, $) =>
  k
    .updateTable('conversations')
    .set({ last_message_at: $(1), preview: $(2) })
    .where('id', '=', $(0)),
);

/** The bot's message in the thread, sent to the visitor through the channel (never as an agent's first response). */
export async function botSays(s: StepCtx, text: string, buttons?: { label: string }[], input?: InputHint): Promise<void> {
  const { w, conv } = s;
  // A chat visitor gets it pushed once the step commits, or from the history on reconnecting: no
  // delivery job. Other channels (Messenger) send through the outbox.
  const pushed = s.channel.kind === 'chat';
  const m = await insertMessage(w, {
    conversation_id: conv.id,
    channel_id: conv.channel_id,
    kind: 'reply',
    author_user_id: null,
    author_contact_id: null,
    text,
    html: null,
    external_id: null,
    delivery_state: pushed ? 'sent' : 'none',
    mentions: '[]',
    author_bot: s.flow.botName,
    buttons: buttons?.length ? encodeJson(buttons.map((b) => ({ label: b.label }))) : null,
    input_hint: input ?? null,
  });
  await touchConversation(w.db, w.trx, [conv.id, w.at, text.slice(0, 200)]);
  if (!pushed) m.delivery_state = await queueDelivery(s.ctx, w, s.channel, m);
  s.said.push(m);
  w.emit({
    type: 'message.created',
    inboxId: conv.inbox_id,
    conversationId: conv.id,
    payload: { message: presentMessage(m, {}), conversation: await rowForEvent(w, conv.id) },
  });
}

/** Saves a value on the conversation's contact: its name, phone or company, or one of its properties. */
async function saveProperty(s: StepCtx, key: string, value: string): Promise<void> {
  const { w, conv } = s;
  if (!conv.contact_id) return;
  const c = await w.trx.selectFrom('contacts').select('properties').where('id', '=', conv.contact_id).executeTakeFirst();
  if (!c) return;
  const set = (builtInProperties as readonly string[]).includes(key)
    ? { [key]: value.slice(0, 200) }
    : { properties: encodeJson({ ...decodeJson<Record<string, unknown>>(c.properties, {}), [key]: value.slice(0, 500) }) };
  await w.trx
    .updateTable('contacts')
    .set({ ...set, updated_at: w.at })
    .where('id', '=', conv.contact_id)
    .execute();
  w.emit({ type: 'contact.updated', inboxId: null, payload: { contactId: conv.contact_id, changes: [key] } });
}

async function propertyOf(s: StepCtx, key: string): Promise<string> {
  if (!s.conv.contact_id) return '';
  const c = await s.w.trx.selectFrom('contacts').selectAll().where('id', '=', s.conv.contact_id).executeTakeFirst();
  if (!c) return '';
  if ((builtInProperties as readonly string[]).includes(key)) return String(c[key as 'name'] ?? '');
  return String(decodeJson<Record<string, unknown>>(c.properties, {})[key] ?? '');
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** A question (or an email capture): asked, then its answer read; asked again when it does not fit. */
async function ask(s: StepCtx, step: Extract<ChatflowStep, { type: 'question' | 'capture_email' }>): Promise<Outcome> {
  const { session } = s;
  const buttons = step.type === 'question' ? step.buttons : undefined;
  const minutes = (step.type === 'question' && step.timeoutMinutes) || DEFAULT_TIMEOUT_MIN;
  const kind = step.type === 'capture_email' ? 'email' : buttons?.length ? 'button' : (step.input ?? 'any');
  const hint = kind === 'button' || kind === 'any' ? undefined : kind;
  if (session.tries === 0) {
    await botSays(s, step.text, buttons, hint);
    return { to: 'wait', tries: Math.max(1, session.tries), minutes };
  }
  const answer = session.answer ?? '';
  if (buttons?.length) {
    const chosen = buttons.find((b) => same(b.label, answer));
    if (chosen) {
      if (step.type === 'question' && step.saveAs) await saveProperty(s, step.saveAs, chosen.label);
      return onward(chosen.next ?? step.next, chosen.label);
    }
  }
  const checked = kind === 'button' ? null : checkAnswer(kind, answer);
  if (checked === null) {
    if (session.tries >= MAX_TRIES) return { to: 'end', reason: 'handed_over' };
    await botSays(s, step.text, buttons, hint);
    return { to: 'wait', tries: session.tries + 1, minutes };
  }
  if (step.type === 'capture_email') {
    if (s.conv.contact_id) await noteUnverifiedEmail(s.w, s.conv.contact_id, checked);
    noteFact(s.w, { kind: 'bot_email', conv: s.conv, flowId: s.session.chatflow_id, stepId: step.id });
  } else if (step.saveAs) await saveProperty(s, step.saveAs, checked);
  return onward(step.next, checked);
}

/** Runs one step; `answer` is the last answer given (what `branch` on the answer reads). */
export async function runStep(s: StepCtx, step: ChatflowStep): Promise<Outcome> {
  switch (step.type) {
    case 'message':
      await botSays(s, step.text);
      return onward(step.next);
    case 'question':
    case 'capture_email':
      return ask(s, step);
    case 'branch': {
      const on = step.on;
      const value =
        on.kind === 'answer'
          ? (s.session.answer ?? '')
          : on.kind === 'property'
            ? await propertyOf(s, on.key)
            : on.kind === 'availability'
              ? (await anyoneAvailable(s.w.trx, s.conv.inbox_id))
                ? 'available'
                : 'away'
              : (
                    on.kind === 'hours'
                      ? withinHours(on.hours, new Date(s.w.at))
                      : isBusinessOpen(new Date(s.w.at), await businessHoursOf(s.w.db, s.w.trx, s.conv.inbox_id))
                  )
                ? 'open'
                : 'closed';
      const hit = step.cases.find((c) => same(c.equals, value));
      return onward(hit?.next ?? step.otherwise, s.session.answer);
    }
    case 'set_property':
      await saveProperty(s, step.key, step.value);
      return onward(step.next, s.session.answer);
    case 'create_ticket':
      await insertTicket(s.w, {
        title: step.title,
        pipelineId: step.pipelineId,
        stageId: step.stageId ?? null,
        ownerId: null,
        conversation: s.conv,
        createdBy: null,
      });
      return onward(step.next, s.session.answer);
    case 'webhook': {
      const a = s.webhookAnswer;
      for (const [k, v] of Object.entries(a?.properties ?? {})) await saveProperty(s, k, v);
      const branch = a?.branch ? step.branches?.[a.branch] : undefined;
      return onward(branch ?? step.next, s.session.answer);
    }
    case 'handoff': {
      if (step.nobodyAvailable && !(await anyoneAvailable(s.w.trx, s.conv.inbox_id))) return onward(step.nobodyAvailable, s.session.answer);
      return { to: 'end', reason: 'handed_over', handoff: { teamId: step.teamId, userIds: step.userIds, toOwner: step.toOwner } };
    }
    case 'end':
      if (step.text) await botSays(s, step.text);
      return { to: 'end', reason: 'finished' };
  }
}
