/**
 * The chatflow interpreter: runs a bot conversation's steps, each all or nothing in a transaction
 * (which steps of other conversations may share) that first moves the session's `seq` on from the
 * number it read. A step is therefore done once: a second runner (another process, the sweep after
 * a crash) finds the number moved and stops.
 */
import type { Trx } from '../db/database.js';
import type { BotSessionsTable } from '../db/schema-chatflows.js';
import { definitionOf, dueAfter, endBotSession } from '../domain/bot-sessions.js';
import { noteFact } from '../domain/report-facts.js';
import { write, type Ctx, type Writer } from '../domain/context.js';
import { writeGrouped } from '../domain/write-group.js';
import { channelById } from '../domain/inbound.js';
import { prepared } from '../db/prepared.js';
import { claimJobByKey, enqueue } from '../db/job-queue.js';
import { deliverMessageJob } from '../jobs/deliver-message.js';
import { runJob } from '../jobs/run-job.js';
import { ROUTE_JOB, type HandoffTarget } from '../domain/routing.js';
import type { ChannelsTable, ConversationsTable, MessagesTable } from '../db/schema.js';
import type { BotEndReason } from '../../common/timeline.js';
import { asksForPerson } from '../../common/chatflow-answers.js';
import type { ChatflowDefinition, ChatflowStep } from '../../common/chatflow.js';
import { runStep, type StepCtx } from './steps.js';
import { callFlowWebhook } from './webhook.js';

/** Steps one run may take without waiting for the visitor: a flow that loops is stopped and handed over. */
const MAX_STEPS_PER_RUN = 50;

/** Conversations whose bot runs in this process now: the sweep leaves them be. */
export const runningHere = new Set<string>();

/**
 * Runs the conversation's bot until it waits for the visitor or ends. A step goes on, and what it
 * said goes to the visitor, once it committed, without waiting for the disk between steps (a
 * process that stops loses nothing committed; a machine that stops may lose the last steps, and the
 * sweep does them again); the run ends once all it wrote is on disk. Steps of conversations that
 * run at the same moment share their commits (`writeGrouped`).
 */
export async function runBot(ctx: Ctx, conversationId: string): Promise<void> {
  const run: Run = { durable: Promise.resolve() };
  runningHere.add(conversationId);
  try {
    for (let done = 0, lost = 0; done < MAX_STEPS_PER_RUN;) {
      const said: MessagesTable[] = [];
      const more = await stepOnce(ctx, conversationId, said, run);
      // Another runner took the step (the sweep, or another process): look again, a bounded number of times.
      if (more === 'lost') {
        if (++lost > MAX_STEPS_PER_RUN) return;
        continue;
      }
      done++;
      for (const m of said) await tellVisitor(ctx, m, run.channel);
      if (!more) return;
    }
    await giveUp(ctx, conversationId);
  } finally {
    runningHere.delete(conversationId);
    await run.durable;
  }
}

/** Ends the bot's hold as failed (a flow that loops, a step that keeps failing) and hands the conversation to people. */
export async function giveUp(ctx: Ctx, conversationId: string): Promise<void> {
  await write(ctx, async (w) => {
    const conv = await w.trx.selectFrom('conversations').selectAll().where('id', '=', conversationId).executeTakeFirst();
    if (conv) await endAndRoute(w, conv, 'failed');
  });
}

/**
 * What a step said goes to the visitor now, in order. In chat it is pushed to the visitor's sockets
 * (a visitor who misses it, e.g. a process stopping in between, gets it from the history on
 * reconnecting); other channels run its delivery job now rather than when a worker comes by (the
 * job stays the safety net: whoever claims it first sends it, once).
 */
async function tellVisitor(ctx: Ctx, m: MessagesTable, channel: ChannelsTable | undefined): Promise<void> {
  if (m.delivery_state === 'sent') {
    const chat = ctx.adapters.get('chat');
    if (chat && channel) await chat.deliver(ctx, channel, m).catch((err) => console.error('pushing a bot message failed', err));
    return;
  }
  const job = await claimJobByKey(ctx.db, `deliver:${m.id}`);
  if (job) await runJob(ctx, deliverMessageJob, job);
}

/** Ends the session and sends the conversation through routing (a hand-over's own people, else the channel's rules). */
async function endAndRoute(w: Writer, conv: ConversationsTable, reason: BotEndReason, handoff?: HandoffTarget): Promise<void> {
  const after = await endBotSession(w, conv, reason, null, handoff?.teamId ?? null);
  await enqueue(
    w.trx,
    ROUTE_JOB,
    { conversationId: after.id, trigger: 'new', ...(handoff ? { handoff } : {}) },
    { dedupeKey: `route:${after.id}:bot` },
  );
}

/** What a run knows across its steps. */
interface Run {
  /** The conversation's channel, as its last step read it. */
  channel?: ChannelsTable;
  /** Resolves once the run's last transaction is on disk. */
  durable: Promise<void>;
}

/** One step; true when the bot goes straight on to another; `lost` when another runner took it first. */
async function stepOnce(ctx: Ctx, conversationId: string, said: MessagesTable[], run: Run): Promise<boolean | 'lost'> {
  const k = ctx.db.kysely;
  const session = (await sessionOf(ctx.db, k, [conversationId])).rows[0];
  if (!session || session.state === 'ended') return false;
  const now = new Date().toISOString();
  const timedOut = session.state === 'waiting' && session.due_at !== null && session.due_at <= now;
  if (session.state === 'waiting' && !timedOut) return false;
  // Reads only: the plain connection serves where the function expects a transaction.
  const flow = await definitionOf(k as unknown as Trx, session.chatflow_id, session.version);
  const step = flow?.steps.find((s) => s.id === session.step_id);
  // A webhook is called before the transaction (never while holding it); its answer is used inside.
  const webhookAnswer = step?.type === 'webhook' && !timedOut ? await callFlowWebhook(ctx, step, conversationId) : undefined;
  const { result, durable } = await writeGrouped<boolean | 'lost'>(ctx, async (w) => {
    said.length = 0; // a group that failed runs each body again alone
    const claimed = await claimStep(w.db, w.trx, [conversationId, session.seq + 1, w.at, session.seq]);
    if (Number(claimed.numAffectedRows ?? 0) === 0) return 'lost';
    return advance(w, { ...session, seq: session.seq + 1 }, { ctx, flow, step, timedOut, webhookAnswer, said, run });
  });
  run.durable = durable;
  return result;
}

interface StepInput {
  ctx: Ctx;
  flow: ChatflowDefinition | null;
  step: ChatflowStep | undefined;
  timedOut: boolean;
  webhookAnswer: StepCtx['webhookAnswer'];
  said: MessagesTable[];
  run: Run;
}

/** The step itself, in the transaction that claimed it: true when the bot goes straight on to another. */
async function advance(
  w: Writer,
  s: BotSessionsTable,
  { ctx, flow, step, timedOut, webhookAnswer, said, run }: StepInput,
): Promise<boolean> {
  const conversationId = s.conversation_id;
  const conv = (await conversationById(w.db, w.trx, [conversationId])).rows[0];
  if (!conv) return false;
  const asked = step?.type === 'question' || step?.type === 'capture_email';
  const stop: BotEndReason | null =
    !flow || !step
      ? 'failed'
      : timedOut
        ? 'timed_out'
        : asked && s.tries > 0 && s.answer && asksForPerson(s.answer)
          ? 'asked_for_agent'
          : null;
  if (stop || !flow || !step) {
    await endAndRoute(w, conv, stop ?? 'failed');
    return false;
  }
  const channel = (await channelById(w.db, w.trx, [conv.channel_id])).rows[0]!;
  run.channel = channel;
  const stepCtx: StepCtx = { ctx, w, conv, channel, flow, session: s, webhookAnswer, said };
  const out = await runStep(stepCtx, step);
  const at = (ms: number) => new Date(Date.parse(w.at) + ms).toISOString();
  if (out.to === 'end') {
    await endAndRoute(w, conv, out.reason, out.handoff);
    return false;
  }
  if (out.to === 'wait') {
    const until = at(out.minutes * 60_000);
    await toWaiting(w.db, w.trx, [conversationId, out.tries, until]);
    return false;
  }
  await toStep(w.db, w.trx, [conversationId, out.stepId, out.answer ?? s.answer, dueAfter(w.at)]);
  noteFact(w, { kind: 'bot_step', conv, flowId: s.chatflow_id, stepId: out.stepId });
  return true;
}

// The statements of every step (prepared.ts).
const sessionOf = prepared((k, $) => k.selectFrom('bot_sessions').selectAll().where('conversation_id', '=', $(0)));
const conversationById = prepared((k, $) => k.selectFrom('conversations').selectAll().where('id', '=', $(0)));
const claimStep = prepared((k, $) =>
  k
    .updateTable('bot_sessions')
    .set({ seq: $(1), updated_at: $(2) })
    .where('conversation_id', '=', $(0))
    .where('seq', '=', $(3)),
);
const toWaiting = prepared((k, $) =>
  k
    .updateTable('bot_sessions')
    .set({ state: 'waiting', tries: $(1), due_at: $(2) })
    .where('conversation_id', '=', $(0)),
);
const toStep = prepared((k, $) =>
  k
    .updateTable('bot_sessions')
    .set({ state: 'running', step_id: $(1), tries: 0, answer: $(2), due_at: $(3) })
    .where('conversation_id', '=', $(0)),
);
