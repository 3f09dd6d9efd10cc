/** Typed domain events, recorded in the `events` table inside the writing transaction. */
export type EventType =
  | 'conversation.created'
  | 'conversation.updated'
  | 'conversation.deleted'
  | 'message.created'
  | 'message.updated'
  | 'contact.updated'
  | 'inbox.created'
  | 'inbox.updated'
  | 'inbox.deleted'
  /** A website chat channel was created or changed (settings, status, secret); the payload names it. Readers of its inbox receive it. */
  | 'channel.updated'
  | 'user.updated'
  /** For one user (`userId`): a notification for them, or some of theirs read. */
  | 'notification.created'
  | 'notification.read';

export interface NewEvent {
  type: EventType;
  inboxId: string | null;
  conversationId?: string | null;
  /** Only agents may see it (internal comments). */
  internal?: boolean;
  /** Only this user may see it (their notifications). */
  userId?: string | null;
  payload: Record<string, unknown>;
}

export interface StoredEvent extends Required<Omit<NewEvent, 'internal' | 'payload'>> {
  id: number;
  internal: boolean;
  createdAt: string;
  /** The payload as stored (JSON): what the stream sends, without decoding it. */
  payloadJson: string;
  /** Decoded on first use. */
  readonly payload: Record<string, unknown>;
}
