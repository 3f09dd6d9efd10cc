import nodemailer from 'nodemailer';
import { write, type Ctx } from '../../domain/context.js';
import type { StoredEvent } from '../../events/events.js';
import { enqueue } from '../../jobs/queue.js';
import { HeldError, HELD_NO_RELAY } from '../email/outbound.js';

/**
 * A closed chat queues its transcript for the assigned agent: an outbox job, deduplicated per
 * closing (so every process seeing the event queues it once between them).
 */
export async function queueTranscriptOnClose(ctx: Ctx, e: StoredEvent): Promise<void> {
  if (e.type !== 'conversation.updated' || !e.conversationId) return;
  const changes = (e.payload as { changes?: string[] }).changes ?? [];
  if (!changes.includes('status')) return;
  const c = await ctx.db.kysely
    .selectFrom('conversations')
    .select(['id', 'channel_kind', 'status', 'closed_at', 'assignee_id'])
    .where('id', '=', e.conversationId)
    .executeTakeFirst();
  if (!c || c.channel_kind !== 'chat' || c.status !== 'closed' || !c.closed_at || !c.assignee_id) return;
  await write(ctx, (w) =>
    enqueue(w.trx, 'chat-transcript', { conversationId: c.id, closedAt: c.closed_at }, { dedupeKey: `transcript:${c.id}:${c.closed_at}` }),
  );
}

/** The job: emails the transcript (times, who said what, the page where it started) to the assigned agent. */
export async function sendTranscript(ctx: Ctx, p: { conversationId: string }): Promise<void> {
  const k = ctx.db.kysely;
  const conv = await k.selectFrom('conversations').selectAll().where('id', '=', p.conversationId).executeTakeFirst();
  if (!conv?.assignee_id) return;
  const agent = await k.selectFrom('users').select(['email', 'name']).where('id', '=', conv.assignee_id).executeTakeFirst();
  if (!agent) return;
  const mailEnv = ctx.mail;
  if (!mailEnv.relayUrl) throw new HeldError(HELD_NO_RELAY);
  const contact = conv.contact_id
    ? await k.selectFrom('contacts').select(['name', 'email']).where('id', '=', conv.contact_id).executeTakeFirst()
    : undefined;
  const rows = await k
    .selectFrom('messages')
    .leftJoin('users', 'users.id', 'messages.author_user_id')
    .select(['messages.kind', 'messages.text', 'messages.created_at', 'users.name as agent'])
    .where('messages.conversation_id', '=', conv.id)
    .where('messages.kind', 'in', ['incoming', 'reply'])
    .orderBy('messages.id')
    .execute();
  const visitor = contact?.name ?? contact?.email ?? 'Visitor';
  const page = /^Chat on (.+)$/.exec(conv.subject ?? '')?.[1] ?? 'unknown';
  const lines = rows.map(
    (m) => `[${m.created_at.replace('T', ' ').slice(0, 19)} UTC] ${m.kind === 'incoming' ? visitor : (m.agent ?? 'Agent')}: ${m.text}`,
  );
  const text = [
    `Chat transcript`,
    `Started on: ${page}`,
    `Visitor: ${visitor}${contact?.email ? ` <${contact.email}>` : ''}`,
    `Closed: ${conv.closed_at ?? ''}`,
    '',
    ...lines,
    '',
  ].join('\n');
  const t = nodemailer.createTransport(mailEnv.relayUrl);
  try {
    await t.sendMail({
      from: { name: 'Switchboard', address: `no-reply@${mailEnv.mailDomain}` },
      to: { name: agent.name, address: agent.email },
      subject: `Chat transcript: ${visitor}`.replace(/[\r\n]+/g, ' ').slice(0, 200),
      text,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
  } finally {
    t.close();
  }
}
