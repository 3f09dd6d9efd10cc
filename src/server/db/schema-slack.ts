/** Table types for Slack alerts per inbox (migration 026). */

export type SlackMode = 'bot' | 'webhook';
export type SlackState = 'new' | 'ok' | 'error' | 'rate_limited';

/** An inbox's Slack connection: `bot_token` and `webhook_url` sealed with `ctx.secrets`. */
export interface SlackConnectionsTable {
  inbox_id: string;
  mode: SlackMode;
  bot_token: string | null;
  channel: string | null;
  webhook_url: string | null;
  state: SlackState;
  last_error: string | null;
  last_error_at: string | null;
  last_success_at: string | null;
  next_post_at: string | null;
  created_at: string;
  updated_at: string;
}

/** One alert to send: a new conversation, or a change of one (`detail`: JSON, what changed). */
export interface SlackPostsTable {
  id: string;
  inbox_id: string;
  conversation_id: string;
  event_id: number;
  kind: 'created' | 'changed';
  detail: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** The Slack message posted for a conversation (bot mode), updated and threaded under as it moves. */
export interface SlackMessagesTable {
  conversation_id: string;
  inbox_id: string;
  channel: string;
  ts: string;
  created_at: string;
}

export interface SlackTables {
  slack_connections: SlackConnectionsTable;
  slack_posts: SlackPostsTable;
  slack_messages: SlackMessagesTable;
}
