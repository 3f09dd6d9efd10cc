/**
 * Bot sessions: a conversation a chatflow holds (F-CHAT.6). Started with the conversation when one
 * of its channel's published flows matches; fed by the visitor's messages; ended by a hand-over, the
 * flow's end, or an agent taking over. The steps themselves run in `bots/` (one transaction each).
 */
import { ChatflowDefinition, withinHours, type ChatflowTrigger } from '../../common/chatflow.js';
import { pageTargeted } from '../../common/chat-contract.js';
import type { BotEndReason } from '../../common/timeline.js';
import { decodeJson } from '../db/json.js';
import { prepared } from '../db/prepared.js';
import type { ChannelsTable, ConversationsTable } from '../db/schema.js';
import type { Trx } from '../db/database.js';
import { anyoneAvailable } from './availability.js';
import type { Writer } from './context.js';
import { changeConversation } from './conversations.js';
import { noteFact } from './report-facts.js';
import { insertSystemMessage } from './messages.js';

/**
 * How long a running session's next step may take before the sweep (bots/sweep.ts) takes it up: its
 * process stopped. Longer than a webhook step's call may take, so the sweep never runs a step twice.
 */
export const BOT_LATE_MS = 10_000;
/** A running session's `due_at` after a change at `at`. */
export const dueAfter = (at: string): string => new Date(Date.parse(at) + BOT_LATE_MS).toISOString();

export const BOT_CHANNEL_KINDS: readonly ChannelsTable['kind'][] = ['chat', 'messenger'];

export interface StartingFlow {
  chatflowId: string;
  version: number;
  definition: ChatflowDefinition;
}

/** Definitions by `chatflowId:version`: a version never changes once published. */
const definitions = new Map<string, ChatflowDefinition>();

export async function definitionOf(trx: Trx, chatflowId: string, version: number): Promise<ChatflowDefinition | null> {
  const key = `${chatflowId}:${version}`;
  const known = definitions.get(key);
  if (known) return known;
  const r = await trx
    .selectFrom('chatflow_versions')
    .select('definition')
    .where('chatflow_id', '=', chatflowId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!r) return null;
  const parsed = ChatflowDefinition.safeParse(decodeJson(r.definition, {}));
  if (!parsed.success) return null;
  if (definitions.size > 500) definitions.clear();
  definitions.set(key, parsed.data);
  return parsed.data;
}

async function triggerMatches(trx: Trx, t: ChatflowTrigger, channel: ChannelsTable, pageUrl: string | null, at: Date): Promise<boolean> {
  if (t.hours && withinHours(t.hours, at) !== (t.hours.match === 'inside')) return false;
  if (t.pages.length && channel.kind === 'chat' && !pageTargeted(t.pages, pageUrl ?? undefined)) return false;
  const inboxId = channel.inbox_id;
  if (t.when === 'always') return true;
  return (await anyoneAvailable(trx, inboxId)) === (t.when === 'anyone_available');
}

/** The first enabled, published flow of the channel whose trigger matches now; null: no bot. */
export async function flowToStart(w: Writer, channel: ChannelsTable, pageUrl: string | null): Promise<StartingFlow | null> {
  if (!BOT_CHANNEL_KINDS.includes(channel.kind)) return null;
  const flows = await w.trx
    .selectFrom('chatflows')
    .select(['id', 'published_version'])
    .where('channel_id', '=', channel.id)
    .where('enabled', '=', 1)
    .where('published_version', 'is not', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const f of flows) {
    const definition = await definitionOf(w.trx, f.id, f.published_version!);
    if (definition && (await triggerMatches(w.trx, definition.trigger, channel, pageUrl, new Date(w.at))))
      return { chatflowId: f.id, version: f.published_version!, definition };
  }
  return null;
}

/** The session of a new bot conversation (`is_bot` already set on it), at the flow's first step. */
export async function openBotSession(w: Writer, conv: ConversationsTable, flow: StartingFlow): Promise<void> {
  await w.trx
    .insertInto('bot_sessions')
    .values({
      conversation_id: conv.id,
      chatflow_id: flow.chatflowId,
      version: flow.version,
      step_id: flow.definition.steps[0]!.id,
      state: 'running',
      seq: 0,
      answer: null,
      tries: 0,
      due_at: dueAfter(w.at),
      ended_reason: null,
      started_at: w.at,
      updated_at: w.at,
    })
    .execute();
  noteFact(w, { kind: 'bot_started', conv, flowId: flow.chatflowId });
  noteFact(w, { kind: 'bot_step', conv, flowId: flow.chatflowId, stepId: flow.definition.steps[0]!.id });
  await insertSystemMessage(w, conv, `${flow.definition.botName} (a chatflow) is talking with the visitor`, null, {
    kind: 'bot_started',
    bot: flow.definition.botName,
  });
}

/** A visitor's message in a bot conversation: the answer the waiting question reads (a bot still busy ignores it). */
export async function hearVisitor(w: Writer, conversationId: string, text: string): Promise<void> {
  const s = (await stateOf(w.db, w.trx, [conversationId])).rows[0];
  if (s?.state !== 'waiting') return;
  await toAnswered(w.db, w.trx, [conversationId, text.slice(0, 2000), s.seq + 1, w.at, dueAfter(w.at), s.seq]);
}

// Prepared (prepared.ts): run for every visitor's message in a bot conversation.
const stateOf = prepared((k, $) => k.selectFrom('bot_sessions').select(['state', 'seq']).where('conversation_id', '=', $(0)));
const toAnswered = prepared((k, $) =>
  k
    .updateTable('bot_sessions')
    .set({ state: 'running', answer: $(1), seq: $(2), updated_at: $(3), due_at: $(4) })
    .where('conversation_id', '=', $(0))
    .where('seq', '=', $(5)),
);

/**
 * Ends the bot's hold: the session says why, the conversation leaves the Bots view (a timeline line
 * names the bot and, when an agent took over, the agent). Returns the conversation as it is now.
 */
export async function endBotSession(
  w: Writer,
  conv: ConversationsTable,
  reason: BotEndReason,
  actor: { id: string; name: string } | null = null,
  teamId: string | null = null,
): Promise<ConversationsTable> {
  const s = await w.trx
    .selectFrom('bot_sessions')
    .select(['chatflow_id', 'version', 'state', 'seq', 'step_id'])
    .where('conversation_id', '=', conv.id)
    .executeTakeFirst();
  if (!s || s.state === 'ended') return conv;
  await w.trx
    .updateTable('bot_sessions')
    .set({ state: 'ended', step_id: null, ended_reason: reason, seq: s.seq + 1, due_at: null, updated_at: w.at })
    .where('conversation_id', '=', conv.id)
    .execute();
  noteFact(w, { kind: 'bot_ended', conv, userId: actor?.id ?? null, flowId: s.chatflow_id, stepId: s.step_id, detail: reason });
  const bot = (await definitionOf(w.trx, s.chatflow_id, s.version))?.botName ?? 'Bot';
  const line =
    reason === 'taken_over' ? `${actor?.name ?? 'Someone'} took over from ${bot}` : `${bot} ended (${reason.replace(/_/g, ' ')})`;
  const fact = { kind: 'bot_ended' as const, bot, reason, ...(actor ? { actor: actor.name } : {}) };
  if (!conv.is_bot) {
    await insertSystemMessage(w, conv, line, actor?.id ?? null, fact);
    return conv;
  }
  // A hand-over to a team gives the conversation to the team in the same change (its members are told).
  const team = teamId ? await w.trx.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst() : undefined;
  return changeConversation(w, conv, { is_bot: 0, ...(team ? { team_id: team.id } : {}) }, line, actor?.id ?? null, fact);
}

/** An agent answering or taking a bot conversation ends the bot's hold on it. */
export async function takeOverFromBot(w: Writer, conv: ConversationsTable, actorId: string): Promise<ConversationsTable> {
  if (!conv.is_bot) return conv;
  const u = await w.trx.selectFrom('users').select('name').where('id', '=', actorId).executeTakeFirst();
  return endBotSession(w, conv, 'taken_over', { id: actorId, name: u?.name ?? 'Someone' });
}
