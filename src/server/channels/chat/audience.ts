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
import { visitorContactId } from './visitors.js';

/** Does a stored property value equal the wanted one (trimmed, without regard to case; numbers and booleans as written). */
export const propertyEquals = (stored: unknown, wanted: string): boolean =>
  stored !== null &&
  stored !== undefined &&
  typeof stored !== 'object' &&
  String(stored).trim().toLowerCase() === wanted.trim().toLowerCase();

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
  const contactId = await visitorContactId(ctx.db.kysely, channelId, visitor.visitorKey, visitor.email);
  return contactId ? contactHas(ctx, contactId, s.audienceProperty) : false;
}
