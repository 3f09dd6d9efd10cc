import nodemailer from 'nodemailer';
import { TRANSCRIPT_JOB } from '../channels/chat/transcript.js';
import { HeldError, HELD_NO_RELAY } from '../channels/email/outbound.js';
import type { Ctx } from '../domain/context.js';
import { defineJob } from './define.js';

/** The job: emails the transcript (times, who said what, the page where it started) to the assigned agent. */
async function sendTranscript(ctx: Ctx, p: { conversationId: string }): Promise<void> {
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

export const chatTranscriptJob = defineJob({ ...TRANSCRIPT_JOB, handle: sendTranscript });
