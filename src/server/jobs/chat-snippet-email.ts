import { SNIPPET_JOB, type SnippetPayload } from '../channels/chat/snippet-mail.js';
import { installSnippet } from '../channels/chat/settings.js';
import { sendSystemMail } from '../channels/email/outbound.js';
import { decodeJson } from '../db/json.js';
import { mailLanguage, mailT } from '../../common/mail-texts/index.js';
import type { Ctx } from '../domain/context.js';
import { defineJob } from './define.js';

/** The job: mails the install snippet and how to add it, in the chat channel's language when it has chosen one, else the sender's. */
async function sendSnippet(ctx: Ctx, p: SnippetPayload): Promise<void> {
  const c = await ctx.db.kysely.selectFrom('channels').select(['id', 'name', 'settings']).where('id', '=', p.channelId).executeTakeFirst();
  if (!c) return;
  const t = mailT(mailLanguage(decodeJson<{ language?: string }>(c.settings, {}).language, p.senderLocale));
  const text = [
    t('snippet.body', { sender: p.sender, channel: c.name, snippet: installSnippet(p.baseUrl, c.id) }),
    ...(p.note ? [t('snippet.note', { sender: p.sender, note: p.note })] : []),
  ].join('\n');
  await sendSystemMail(ctx, { to: p.to, subject: t('snippet.subject', { sender: p.sender }), text });
}

export const chatSnippetEmailJob = defineJob({ ...SNIPPET_JOB, handle: sendSnippet });
