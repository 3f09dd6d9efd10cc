/**
 * Each user's notification preferences: the defaults below, with what the user changed stored on top
 * (so a new kind gets its default for everyone). Read in one query for all of an event's recipients.
 */
import { NotificationPreferences, notificationKinds, type DeliveryChoice, type NotificationKind } from '../../common/notification-api.js';
import type { Db } from '../db/database.js';
import { decodeJson, encodeJson } from '../db/json.js';
import type { Actor } from '../permissions/policy.js';
import type { Ctx } from './context.js';

const all: DeliveryChoice = { inApp: true, push: true, sound: true, email: true };
const bellOnly: DeliveryChoice = { inApp: true, push: false, sound: false, email: false };
const off: DeliveryChoice = { inApp: false, push: false, sound: false, email: false };

/**
 * What needs a person is on everywhere (assigned to me, a customer writing in my conversation, an
 * @mention); a new chat is heard at once but not mailed (it is over by then); a new email
 * conversation in every inbox would drown the rest, so it is off until someone turns it on.
 */
const DEFAULT_KINDS: Record<NotificationKind, DeliveryChoice> = {
  assigned: all,
  team_assigned: bellOnly,
  new_message: all,
  mention: all,
  new_conversation_email: off,
  new_conversation_chat: { inApp: true, push: true, sound: true, email: false },
  new_conversation_api: off,
  new_conversation_messenger: { inApp: true, push: true, sound: true, email: false },
  new_conversation_form: off,
  handover: { inApp: true, push: true, sound: true, email: false },
  webhook_disabled: { inApp: true, push: false, sound: false, email: true },
  channel_reconnect: { inApp: true, push: false, sound: false, email: true },
};

export const DEFAULT_PREFERENCES: NotificationPreferences = {
  kinds: DEFAULT_KINDS,
  sound: { repeat: false, whenFocused: false },
  emailDelayMinutes: 5,
};

/** The stored changes laid over the defaults; anything stored that no longer fits is ignored. */
export function withDefaults(stored: unknown): NotificationPreferences {
  const s = (stored ?? {}) as Partial<NotificationPreferences>;
  const kinds = { ...DEFAULT_KINDS };
  for (const k of notificationKinds) if (s.kinds?.[k]) kinds[k] = { ...DEFAULT_KINDS[k], ...s.kinds[k] };
  const merged = {
    kinds,
    sound: { ...DEFAULT_PREFERENCES.sound, ...s.sound },
    emailDelayMinutes: s.emailDelayMinutes ?? DEFAULT_PREFERENCES.emailDelayMinutes,
  };
  const ok = NotificationPreferences.safeParse(merged);
  return ok.success ? ok.data : DEFAULT_PREFERENCES;
}

/** The preferences of each of these users (one query). */
export async function preferencesOf(k: Db, userIds: string[]): Promise<Map<string, NotificationPreferences>> {
  const out = new Map<string, NotificationPreferences>();
  if (!userIds.length) return out;
  const rows = await k.selectFrom('notification_preferences').selectAll().where('user_id', 'in', userIds).execute();
  for (const r of rows) out.set(r.user_id, withDefaults(decodeJson(r.prefs, {})));
  for (const id of userIds) if (!out.has(id)) out.set(id, DEFAULT_PREFERENCES);
  return out;
}

export async function getMyPreferences(ctx: Ctx, actor: Actor): Promise<NotificationPreferences> {
  return (await preferencesOf(ctx.db.kysely, [actor.id])).get(actor.id)!;
}

/** Stores the whole matrix as given (validated by the route). */
export async function putMyPreferences(ctx: Ctx, actor: Actor, prefs: NotificationPreferences): Promise<NotificationPreferences> {
  const at = new Date().toISOString();
  await ctx.db.kysely
    .insertInto('notification_preferences')
    .values({ user_id: actor.id, prefs: encodeJson(prefs), updated_at: at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ prefs: encodeJson(prefs), updated_at: at }))
    .execute();
  return withDefaults(prefs);
}
