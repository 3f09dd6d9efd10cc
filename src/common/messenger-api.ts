/** Facebook Messenger channels (F-MSG.1): what connecting a Page takes and what the channel answers. */
import { z } from 'zod';

/** A Page connection: its id and the three secrets (sealed at rest, never answered back). */
export const MessengerConnection = z.object({
  pageId: z
    .string()
    .trim()
    .regex(/^\d{1,32}$/, 'must be the Page id (digits)'),
  pageAccessToken: z.string().trim().min(1).max(1000),
  appSecret: z.string().trim().min(1).max(200),
  verifyToken: z.string().trim().min(1).max(200),
});
export type MessengerConnection = z.infer<typeof MessengerConnection>;

export const MessengerChannelCreate = z.object({
  kind: z.literal('messenger'),
  name: z.string().trim().min(1).max(100),
  settings: MessengerConnection,
});

/** `reconnect_needed`: Graph refused the token or a permission (`lastError` says how); replies fail until reconnected. */
export type MessengerState = 'connected' | 'reconnect_needed';

export interface MessengerChannelState {
  pageId: string;
  /** The Callback URL to paste into the Meta app's Messenger webhook settings. */
  webhookUrl: string;
  state: MessengerState;
  lastError: string | null;
}

/** Why a reply cannot be written now: Messenger allows none 7 days after the customer's last message. */
export interface ReplyRefused {
  reason: 'messenger_window_closed';
}
