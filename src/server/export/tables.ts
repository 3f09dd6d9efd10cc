/**
 * What the export holds, table by table, in the order a restore inserts them (parents first), and
 * what it leaves out and why. A row is written with its columns in name order and its values as
 * `normalizeRow` makes them, so SQLite and PostgreSQL give the same bytes.
 */
import { SECRET_SETTING_KEYS } from '../secrets.js';
import { decodeJson, encodeJson } from '../db/json.js';

export interface ExportedTable {
  name: string;
  /** The primary key: rows are read in pages by it and written in its order. */
  key: string[];
  /** Columns never exported (credentials, caches); the restore gives them `fill`'s value. */
  omit?: string[];
  /** Columns PostgreSQL returns as text (bigint) that are numbers. */
  bigints?: string[];
  /** Changes a row before it is written (a secret removed). */
  clean?: (row: Record<string, unknown>) => Record<string, unknown>;
  /** Rows to leave out entirely. */
  skipRow?: (row: Record<string, unknown>) => boolean;
}

/** Removes every secret-valued key (SECRET_SETTING_KEYS) from a JSON text, at any depth. */
export function withoutSecrets(json: string): string {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => !SECRET_SETTING_KEYS.has(k))
          .map(([k, x]) => [k, strip(x)]),
      );
    return v;
  };
  return encodeJson(strip(decodeJson<unknown>(json, {})));
}

export const EXPORTED_TABLES: ExportedTable[] = [
  // Users without their password hash: a restored user sets a new password (README: export).
  { name: 'users', key: ['id'], omit: ['password_hash'] },
  { name: 'teams', key: ['id'] },
  { name: 'team_members', key: ['team_id', 'user_id'] },
  { name: 'user_seen', key: ['user_id'] },
  { name: 'notification_preferences', key: ['user_id'] },
  // The VAPID key pair is the installation's own (push subscriptions are not exported either).
  {
    name: 'account_settings',
    key: ['key'],
    skipRow: (r) => r.key === 'vapid',
    clean: (r) => ({ ...r, value: withoutSecrets(String(r.value)) }),
  },
  { name: 'inboxes', key: ['id'] },
  { name: 'inbox_users', key: ['inbox_id', 'user_id'] },
  { name: 'inbox_teams', key: ['inbox_id', 'team_id'] },
  // Channel settings without mailbox passwords, chat secrets or Page tokens: an admin enters them again.
  { name: 'channels', key: ['id'], clean: (r) => ({ ...r, settings: withoutSecrets(String(r.settings)) }) },
  { name: 'imap_state', key: ['channel_id'], bigints: ['last_uid'] },
  { name: 'routing_cursors', key: ['channel_id'] },
  { name: 'pipelines', key: ['id'] },
  { name: 'pipeline_stages', key: ['id'] },
  { name: 'contacts', key: ['id'] },
  { name: 'contact_activities', key: ['id'] },
  { name: 'deals', key: ['id'], bigints: ['amount_cents'] },
  { name: 'messenger_senders', key: ['channel_id', 'psid'] },
  // The signing secret of a flow's webhooks is made anew by the restore.
  { name: 'chatflows', key: ['id'], omit: ['webhook_secret'] },
  { name: 'chatflow_versions', key: ['chatflow_id', 'version'] },
  { name: 'forms', key: ['id'] },
  // search_seq (and PostgreSQL's search_vector) belong to the search index, rebuilt after a restore.
  { name: 'conversations', key: ['id'], omit: ['search_seq', 'search_vector'] },
  { name: 'conversation_participants', key: ['conversation_id', 'email'] },
  { name: 'conversation_reads', key: ['conversation_id', 'user_id'] },
  { name: 'conversation_routing', key: ['conversation_id'] },
  { name: 'bot_sessions', key: ['conversation_id'] },
  { name: 'messages', key: ['id'] },
  { name: 'messenger_sent_pieces', key: ['message_id', 'piece'] },
  { name: 'attachments', key: ['id'] },
  { name: 'tickets', key: ['id'] },
  { name: 'snippets', key: ['id'] },
  { name: 'templates', key: ['id'] },
  // Webhook endpoints without their signing secrets: the restore makes new ones.
  { name: 'webhooks', key: ['id'], omit: ['secret', 'previous_secret', 'previous_until'] },
  { name: 'report_facts', key: ['id'] },
];

/**
 * Tables left out, with the reason (the README repeats this list). Each is rebuilt by the server,
 * belongs to the running installation, or holds a credential.
 */
export const SKIPPED_TABLES: Record<string, string> = {
  conversation_counts: 'recounted from the conversations by the restore',
  search_queue: 'the search index is rebuilt from the conversations',
  conversation_search: 'the search index is rebuilt from the conversations',
  report_rollups: 'rolled up again from report_facts by the roll-up (every five minutes)',
  report_rollup_periods: 'rolled up again from report_facts by the roll-up (every five minutes)',
  events: 'the live event log; a restored installation starts its own',
  subscriber_cursors: 'positions in the event log of the installation that wrote them',
  jobs: 'work queued for the installation that wrote it',
  sessions: 'logins: credentials',
  api_tokens: 'credentials',
  password_resets: 'credentials',
  login_attempts: 'a rate limit',
  email_address_verifications: 'codes being proven: credentials',
  thread_token_keys: 'the key of reply addresses: a secret (mail answering an old reply+ address threads by its References)',
  chat_revocations: 'revocations of chat tokens signed with the old installation’s key',
  leases: 'which process polls a mailbox or handles a subscriber now',
  email_held: 'raw mail held while a channel was off: replay it before exporting',
  uploads: 'files uploaded for replies never sent',
  notifications: 'point at events of the old event log',
  webhook_deliveries: 'a delivery log pointing at the old event log',
  push_subscriptions: "browsers' push keys: each browser subscribes again",
  slack_connections: 'Slack tokens and webhook URLs are credentials: connect Slack again',
  slack_posts: 'a delivery log pointing at the old event log',
  slack_messages: 'Slack threads of a connection that is not exported',
  form_rate_counts: 'a rate limit',
  imports: 'mail imports run here, with the paths and positions of their files (the mail they brought in is exported)',
  import_conversations: 'which conversations an import run here may close',
  exports: 'archives made here, with their files and download tokens',
  import_uploads: 'uploads for imports run here (files in this data directory) and whether each should run',
};

/** A row as the archive holds it: columns in name order, numbers as numbers, binary as base64. */
export function normalizeRow(t: ExportedTable, row: Record<string, unknown>): Record<string, unknown> {
  const cleaned = t.clean ? t.clean(row) : row;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(cleaned).sort()) {
    if (t.omit?.includes(k)) continue;
    let v = cleaned[k];
    if (t.bigints?.includes(k) && typeof v === 'string') v = Number(v);
    else if (typeof v === 'bigint') v = Number(v);
    else if (v instanceof Date) v = v.toISOString();
    else if (v instanceof Uint8Array) v = Buffer.from(v).toString('base64');
    out[k] = v === undefined ? null : v;
  }
  return out;
}
