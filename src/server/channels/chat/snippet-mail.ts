/**
 * "Send the code to a developer": an admin mails a chat channel's install snippet, with short
 * instructions and an optional note, to someone who edits the website. Queued as a job (nothing is
 * sent from a request) and sent through the outgoing mail server like every mail Switchboard writes;
 * without one it is held until one is set.
 */
import { z } from 'zod';
import type { ChatSnippetSend, ChatSnippetSentOut } from '../../../common/chat-schema.js';
import { enqueue, jobKind } from '../../db/job-queue.js';
import { write, type Ctx } from '../../domain/context.js';
import { invalid, notFound } from '../../domain/errors.js';
import { authorizeAdmin, type Actor } from '../../permissions/policy.js';
import { hasRelay } from '../email/relay.js';
import { readable } from './manage.js';

const SnippetPayload = z.object({
  channelId: z.string(),
  to: z.string(),
  note: z.string().optional(),
  sender: z.string(),
  senderLocale: z.string().nullable(),
  baseUrl: z.string(),
});
export type SnippetPayload = z.infer<typeof SnippetPayload>;
/** `chat-snippet-email`: mails the install snippet (`jobs/chat-snippet-email.ts`). */
export const SNIPPET_JOB = jobKind('chat-snippet-email', SnippetPayload);

export async function sendSnippetToDeveloper(
  ctx: Ctx,
  actor: Actor,
  channelId: string,
  input: ChatSnippetSend,
  baseUrl: string,
): Promise<ChatSnippetSentOut> {
  const c = await readable(ctx, actor, channelId);
  if (!c) throw notFound('Channel not found');
  authorizeAdmin(actor);
  if (c.kind !== 'chat') throw invalid('channel', 'is not a website chat channel', 'not_chat_channel');
  const me = await ctx.db.kysely
    .selectFrom('users')
    .select(['name', 'email', 'locale'])
    .where('id', '=', actor.id)
    .executeTakeFirstOrThrow();
  await write(ctx, (w) =>
    enqueue(w.trx, SNIPPET_JOB, {
      channelId: c.id,
      to: input.email,
      note: input.note || undefined,
      sender: me.name || me.email,
      senderLocale: me.locale,
      baseUrl,
    }),
  );
  return { to: input.email, held: !(await hasRelay(ctx)) };
}
