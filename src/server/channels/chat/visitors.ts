/**
 * A visitor's lifetime beyond one socket: revocation (forget this visitor, shutdown on logout, a
 * rotated secret) and adoption of an anonymous visitor's chats once the host site identifies them.
 */
import type { Db } from '../../db/database.js';
import { write, type Ctx, type Writer } from '../../domain/context.js';
import { mergeContactRows, moveConversations } from '../../domain/contact-merge.js';
import { rowForEvent } from '../../domain/conversations.js';
import { noteUnverifiedEmail } from './email-capture.js';
import { prefixEnd, prefixOf } from './history.js';

/** Closes the open sockets of a visitor (or, key null, of every visitor of the channel) in every process. */
export const dropVisitors = (ctx: Ctx, channelId: string, visitorKey: string | null): void =>
  ctx.adapters.get('chat')?.disconnect?.(channelId, visitorKey);

/** Tokens of this visitor issued up to now are refused from here on. */
export async function revokeVisitor(w: Writer, channelId: string, visitorKey: string): Promise<void> {
  await w.trx
    .insertInto('chat_revocations')
    .values({ channel_id: channelId, visitor_key: visitorKey, revoked_at: w.at })
    .onConflict((oc) => oc.columns(['channel_id', 'visitor_key']).doUpdateSet({ revoked_at: w.at }))
    .execute();
}

/** Was a token of this visitor issued at `issuedAt` (ms) revoked since? */
export async function isRevoked(ctx: Ctx, channelId: string, visitorKey: string, issuedAt: number): Promise<boolean> {
  const r = await ctx.db.kysely
    .selectFrom('chat_revocations')
    .select('revoked_at')
    .where('channel_id', '=', channelId)
    .where('visitor_key', '=', visitorKey)
    .executeTakeFirst();
  return Boolean(r && r.revoked_at >= new Date(issuedAt).toISOString());
}

/** Forget a visitor: their tokens stop working and their open widgets start over as new, anonymous visitors. */
export async function forgetVisitor(ctx: Ctx, channelId: string, visitorKey: string): Promise<void> {
  await write(ctx, (w) => revokeVisitor(w, channelId, visitorKey));
  dropVisitors(ctx, channelId, visitorKey);
}

/**
 * An anonymous visitor (`anonKey`) proved to be the host site's user (`userKey`): their chats
 * become the user's, so the history follows the user to other devices (F-CHAT.7). The chats move
 * to the user's contact (of their latest chat here, else the contact with their verified email); an
 * anonymous contact left with nothing else is merged into it. An email the hash does not cover
 * (`unverifiedEmail`) finds nothing: it is only noted, unverified, on the contact the chats end up
 * with. The anonymous key is revoked.
 */
export async function adoptAnonymous(
  ctx: Ctx,
  channelId: string,
  anonKey: string,
  userKey: string,
  who: { email?: string; unverifiedEmail?: string; name?: string },
): Promise<number> {
  const moved = await write(ctx, async (w) => {
    const t = w.trx;
    const rows = await t
      .selectFrom('messages')
      .select(['id', 'external_id', 'conversation_id'])
      .where('channel_id', '=', channelId)
      .where('external_id', '>=', prefixOf(anonKey))
      .where('external_id', '<', prefixEnd(anonKey))
      .execute();
    await revokeVisitor(w, channelId, anonKey);
    if (!rows.length) return 0;
    const convIds = [...new Set(rows.map((r) => r.conversation_id))];
    let target = await visitorContactId(t, channelId, userKey, who.email);
    // The messages are now the user's: the user's key finds them, the anonymous key no longer does.
    for (const r of rows)
      await t
        .updateTable('messages')
        .set({ external_id: prefixOf(userKey) + r.external_id!.slice(prefixOf(anonKey).length) })
        .where('id', '=', r.id)
        .execute();
    const convs = await t.selectFrom('conversations').select(['id', 'contact_id', 'inbox_id']).where('id', 'in', convIds).execute();
    const olds = new Set<string>();
    for (const c of convs) {
      if (!c.contact_id) continue;
      if (!target) {
        // The user has no contact yet: the anonymous one becomes theirs.
        target = c.contact_id;
        const cur = await t.selectFrom('contacts').select(['email', 'name']).where('id', '=', target).executeTakeFirstOrThrow();
        await t
          .updateTable('contacts')
          .set({ email: cur.email ?? who.email ?? null, name: who.name ?? cur.name, updated_at: w.at })
          .where('id', '=', target)
          .execute();
      } else if (c.contact_id !== target) olds.add(c.contact_id);
    }
    for (const old of olds) {
      const others = await t
        .selectFrom('conversations')
        .select('id')
        .where('contact_id', '=', old)
        .where('id', 'not in', convIds)
        .limit(1)
        .executeTakeFirst();
      if (!others) await mergeContactRows(w, target!, old, null);
      else {
        // Someone else's conversations stay with that contact: only this visitor's chats move.
        await moveConversations(w, old, target!, convIds);
      }
    }
    if (who.unverifiedEmail && target) await noteUnverifiedEmail(w, target, who.unverifiedEmail);
    for (const c of convs)
      w.emit({
        type: 'conversation.updated',
        inboxId: c.inbox_id,
        conversationId: c.id,
        payload: { conversation: await rowForEvent(w, c.id), changes: ['contact'] },
      });
    return convIds.length;
  });
  // The anonymous visitor's other tabs start over (their stored identity, if any, brings them back).
  dropVisitors(ctx, channelId, anonKey);
  return moved;
}

/** The contact an identified visitor is: of their latest chat on the channel, else the one with their verified email. */
export async function visitorContactId(
  db: Db,
  channelId: string,
  visitorKey: string,
  verifiedEmail: string | null | undefined,
): Promise<string | null> {
  const latest = await db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select('conversations.contact_id')
    .where('messages.channel_id', '=', channelId)
    .where('messages.external_id', '>=', prefixOf(visitorKey))
    .where('messages.external_id', '<', prefixEnd(visitorKey))
    .orderBy('messages.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (latest?.contact_id) return latest.contact_id;
  if (!verifiedEmail) return null;
  return (await db.selectFrom('contacts').select('id').where('email', '=', verifiedEmail).executeTakeFirst())?.id ?? null;
}
