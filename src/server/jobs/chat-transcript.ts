import { TRANSCRIPT_JOB } from '../channels/chat/transcript.js';
import { HeldError, HELD_NO_RELAY, sendSystemMail } from '../channels/email/outbound.js';
import { hasRelay } from '../channels/email/relay.js';
import type { Ctx } from '../domain/context.js';
import { decodeJson } from '../db/json.js';
import { mailLanguage, mailT } from '../../common/mail-texts/index.js';
import { defineJob } from './define.js';

/**
 * The job: emails the transcript (times, who said what, the page where it started) to the assigned agent, in the
 * chat channel's language when it has chosen one, else the agent's.
 */
async function sendTranscript(ctx: Ctx, p: { conversationId: string }): Promise<void> {
  const k = ctx.db.kysely;
  const conv = await k.selectFrom('conversations').selectAll().where('id', '=', p.conversationId).executeTakeFirst();
  if (!conv?.assignee_id) return;
  const agent = await k.selectFrom('users').select(['email', 'name', 'locale']).where('id', '=', conv.assignee_id).executeTakeFirst();
  if (!agent) return;
  const channel = await k.selectFrom('channels').select('settings').where('id', '=', conv.channel_id).executeTakeFirst();
  const t = mailT(mailLanguage(decodeJson<{ language?: string }>(channel?.settings ?? null, {}).language, agent.locale));
  if (!(await hasRelay(ctx))) throw new HeldError(HELD_NO_RELAY);
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
  const visitor = contact?.name ?? contact?.email ?? t('transcript.someVisitor');
  const page = conv.page_url ?? t('transcript.unknownPage');
  const lines = rows.map(
    (m) =>
      `[${m.created_at.replace('T', ' ').slice(0, 19)} UTC] ${m.kind === 'incoming' ? visitor : (m.agent ?? t('transcript.someAgent'))}: ${m.text}`,
  );
  const text = [
    t('transcript.title'),
    t('transcript.startedOn', { page }),
    t('transcript.visitor', { visitor: `${visitor}${contact?.email ? ` <${contact.email}>` : ''}` }),
    t('transcript.closed', { at: conv.closed_at ?? '' }),
    t('transcript.messages', { count: rows.length }),
    '',
    ...lines,
    '',
  ].join('\n');
  await sendSystemMail(ctx, { to: { name: agent.name, address: agent.email }, subject: t('transcript.subject', { visitor }), text });
}

export const chatTranscriptJob = defineJob({ ...TRANSCRIPT_JOB, handle: sendTranscript });
