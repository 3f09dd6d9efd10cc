/** Table types for what goes out: outgoing webhooks, agents' notifications, Web Push subscriptions, and durable subscribers' cursors. */

export interface OutgoingTables {
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  subscriber_cursors: SubscriberCursorsTable;
  push_subscriptions: PushSubscriptionsTable;
}

/** An outgoing webhook (migration 024): secrets sealed with `ctx.secrets`; `event_types` a JSON array. */
export interface WebhooksTable {
  id: string;
  name: string;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_until: string | null;
  event_types: string;
  inbox_id: string | null;
  status: 'on' | 'disabled';
  disabled_reason: string | null;
  created_by: string;
  created_at: string;
  consecutive_failures: number;
}

/** One event (or ping) for one webhook, and the state of its attempts. */
export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  event_id: string | null;
  event_type: string;
  conversation_id: string | null;
  /** The JSON body sent. */
  payload: string;
  status: 'pending' | 'delivered' | 'failed' | 'given_up';
  attempts: number;
  next_attempt_at: string | null;
  last_status: number | null;
  last_duration_ms: number | null;
  response_excerpt: string | null;
  created_at: string;
}

/** Something that needs a user (migration 025); `data` holds JSON facts the app words. */
export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  conversation_id: string | null;
  event_id: string;
  actor_id: string | null;
  data: string;
  in_app: number;
  created_at: string;
  read_at: string | null;
  email_due_at: string | null;
  emailed_at: string | null;
}

/** A user's notification preferences: JSON of what differs from the defaults. */
export interface NotificationPreferencesTable {
  user_id: string;
  prefs: string;
  updated_at: string;
}

/** How far a durable subscriber has handled the events (migration 027). */
export interface SubscriberCursorsTable {
  name: string;
  event_id: number;
  updated_at: string;
}

/** A browser a user receives Web Push in (028-push-subscriptions). */
export interface PushSubscriptionsTable {
  id: string;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  label: string | null;
  created_at: string;
  last_success_at: string | null;
}
