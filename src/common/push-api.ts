/** Web Push (F-NOTIFY.1): the server's public key, and the browsers a user receives push in. */
import { z } from 'zod';

/** `POST /me/push-subscriptions`: a browser's `PushSubscription.toJSON()`, and a short name of it. */
export const PushSubscriptionInput = z.object({
  endpoint: z.string().url().max(2000),
  keys: z.object({
    /** The browser's P-256 public key (65 bytes, base64url). */
    p256dh: z.string().regex(/^[A-Za-z0-9_-]{87}={0,1}$/, 'must be a P-256 public key in base64url'),
    /** The browser's 16-byte auth secret (base64url). */
    auth: z.string().regex(/^[A-Za-z0-9_-]{22}(==)?$/, 'must be a 16-byte secret in base64url'),
  }),
  expirationTime: z.number().nullable().optional(),
  label: z.string().max(100).optional(),
});
export type PushSubscriptionInput = z.infer<typeof PushSubscriptionInput>;

/** `DELETE /me/push-subscriptions`: the browser that no longer wants push. */
export const PushUnsubscribeInput = z.strictObject({ endpoint: z.string().url().max(2000) });
export type PushUnsubscribeInput = z.infer<typeof PushUnsubscribeInput>;

export interface PushPublicKeyOut {
  /** The VAPID public key (base64url, uncompressed P-256): `applicationServerKey` when subscribing. */
  publicKey: string;
}

export interface PushSubscriptionOut {
  id: string;
  label: string | null;
  createdAt: string;
  lastSuccessAt: string | null;
}

/** The payload a push carries (the service worker shows it): the words already in the user's language. */
export interface PushPayload {
  title: string;
  body: string;
  /** Where a click goes (a path of the app). */
  url: string;
  /** One notification per conversation replaces the last (the `tag`). */
  tag: string;
  notificationId: string;
}
