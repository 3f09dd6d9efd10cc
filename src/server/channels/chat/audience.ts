/**
 * The 'property' audience, decided on the server: only an identified visitor whose contact has the
 * property set to the value sees the widget and may start a chat. The visitor's contact is the one
 * of their latest chat on this channel, else the contact with their verified email; an unverified
 * email finds nothing. Widgets are never told the property: an anonymous visitor gets the same
 * answer as for "known contacts", an identified one outside the audience only `excluded`.
 */
import type { AudienceProperty, ChatPublicSettings } from '../../../common/chat-contract.js';
import { decodeJson } from '../../db/json.js';
import type { Ctx } from '../../domain/context.js';
import { prefixEnd, prefixOf } from './history.js';

/** Does a stored property value equal the wanted one (trimmed, without regard to case; numbers and booleans as written). */
export const propertyEquals = (stored: unknown, wanted: string): boolean =>
  stored !== null &&
  stored !== undefined &&
  typeof stored !== 'object' &&
  String(stored).trim().toLowerCase() === wanted.trim().toLowerCase();

/** The contact an identified visitor is: of their latest chat here, else the one with their verified email. */
async function contactOfVisitor(
  ctx: Ctx,
  channelId: string,
  visitorKey: string,
  verifiedEmail: string | undefined,
): Promise<string | null> {
  const k = ctx.db.kysely;
  const latest = await k
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
  return (await k.selectFrom('contacts').select('id').where('email', '=', verifiedEmail).executeTakeFirst())?.id ?? null;
}

async function contactHas(ctx: Ctx, contactId: string, p: AudienceProperty): Promise<boolean> {
  const c = await ctx.db.kysely.selectFrom('contacts').select('properties').where('id', '=', contactId).executeTakeFirst();
  return propertyEquals(decodeJson<Record<string, unknown>>(c?.properties, {})[p.key], p.value);
}

/**
 * For the 'property' audience: is this identified visitor's contact in it? True for any other
 * audience (and for an anonymous visitor: being identified is checked apart, with its own answer).
 */
export async function matchesAudienceProperty(
  ctx: Ctx,
  channelId: string,
  s: Pick<ChatPublicSettings, 'audience' | 'audienceProperty'>,
  visitor: { visitorKey: string; email?: string },
): Promise<boolean> {
  if (s.audience !== 'property' || !visitor.visitorKey.startsWith('u:')) return true;
  if (!s.audienceProperty) return false;
  const contactId = await contactOfVisitor(ctx, channelId, visitor.visitorKey, visitor.email);
  return contactId ? contactHas(ctx, contactId, s.audienceProperty) : false;
}
