/** Table types as Kysely sees them. Booleans are 0/1 integers and JSON is text on both engines. */
import type { Generated } from 'kysely';
import type { CrmTables } from './schema-crm.js';
import type { ComposeTables } from './schema-compose.js';
import type { SlackTables } from './schema-slack.js';
import type { OutgoingTables } from './schema-outgoing.js';
import type { FormTables } from './schema-forms.js';
import type { MessengerTables } from './schema-messenger.js';
import type { ChatflowTables } from './schema-chatflows.js';
import type { ReportTables } from './schema-reports.js';
import type { ImportTables } from './schema-imports.js';
import type { ExportTables } from './schema-exports.js';
import type { ImportUploadTables } from './schema-import-uploads.js';
import type { InputHint } from '../../common/chat-contract.js';
export type {
  NotificationPreferencesTable,
  NotificationsTable,
  PushSubscriptionsTable,
  SubscriberCursorsTable,
  WebhookDeliveriesTable,
  WebhooksTable,
} from './schema-outgoing.js';

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  role: 'super_admin' | 'admin' | 'agent';
  paid_seat: number;
  availability: 'available' | 'away';
  avatar_url: string | null;
  meeting_link: string | null;
  locale: string;
  created_at: string;
  /** Set while an admin has deactivated the user (migration 014): no login, no routing. */
  deactivated_at: string | null;
}

export interface TeamsTable {
  id: string;
  name: string;
  created_at: string;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
}

export interface InboxesTable {
  id: string;
  name: string;
  slug: string;
  access_mode: 'everyone' | 'specific';
  created_at: string;
  /** JSON `BusinessHours` (migration 034); null: always open. */
  business_hours?: string | null;
  /** Conversations closed more than this many days ago are deleted daily (migration 037); null: kept. */
  retention_days?: number | null;
}

export interface InboxUsersTable {
  inbox_id: string;
  user_id: string;
}

export interface InboxTeamsTable {
  inbox_id: string;
  team_id: string;
}

export interface ChannelsTable {
  id: string;
  inbox_id: string;
  kind: 'api' | 'email' | 'chat' | 'messenger' | 'form';
  name: string;
  status: 'on' | 'off';
  address: string | null;
  settings: string;
  created_at: string;
}

export interface ContactsTable {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  owner_id: string | null;
  company: string | null;
  properties: string;
  blocked: number;
  created_at: string;
  updated_at: string;
  /** An address claimed without proof (chat email capture, identify without an email hash); never used to find the contact. */
  unverified_email: string | null;
  /** The contact's picture in the files store (a Messenger profile picture; migration 031); null when none. */
  picture_path?: string | null;
  /** Its image type (`image/png` …), as its bytes say. */
  picture_type?: string | null;
}

export interface ConversationsTable {
  id: string;
  inbox_id: string;
  channel_id: string;
  channel_kind: ChannelsTable['kind'];
  contact_id: string | null;
  subject: string | null;
  preview: string;
  status: 'open' | 'closed';
  assignee_id: string | null;
  team_id: string | null;
  folder: 'inbox' | 'filtered' | 'spam' | 'trash';
  is_bot: number;
  created_at: string;
  last_message_at: string;
  last_incoming_at: string | null;
  first_response_at: string | null;
  closed_at: string | null;
  /** PostgreSQL: bumped on every new text, the search order (newest last). SQLite keeps its order in the search file (db/search-store.ts). */
  search_seq: number;
  /** Website chat: the page the visitor started on (the transcript names it); null for other channels. */
  page_url: string | null;
  /** Created or last reopened (migration 034): resolution time runs from here; null: `created_at`. */
  opened_at: string | null;
  /** Since when the customer waits for a person's first answer (first message, hand-over, reopen); null: not waiting. */
  waiting_first_since: string | null;
  /** Since when the customer's oldest unanswered message waits for a person's reply; null: none waits. */
  waiting_reply_since: string | null;
  /** When its contact was erased (migration 037): the app shows "erased contact"; null otherwise. */
  contact_erased_at: string | null;
}

/** Who took part in an email conversation: the addresses its mail came from or was addressed to (threading checks it). */
export interface ConversationParticipantsTable {
  conversation_id: string;
  /** Lower case. */
  email: string;
}

export interface ConversationReadsTable {
  conversation_id: string;
  user_id: string;
  read_at: string;
}

/** Pre-aggregated counts behind the sidebar views, kept in the same transaction as the rows. */
export interface ConversationCountsTable {
  inbox_id: string;
  folder: ConversationsTable['folder'];
  status: ConversationsTable['status'];
  channel_kind: ChannelsTable['kind'];
  assignee_key: string;
  is_bot: number;
  n: number;
}

export interface MessagesTable {
  id: string;
  conversation_id: string;
  channel_id: string;
  kind: 'incoming' | 'reply' | 'comment' | 'system';
  author_user_id: string | null;
  author_contact_id: string | null;
  text: string;
  html: string | null;
  external_id: string | null;
  /** `delivered` and `read`: the channel said so (Messenger's delivery and read receipts). */
  delivery_state: 'none' | 'queued' | 'sent' | 'delivered' | 'read' | 'failed';
  delivery_error: string | null;
  mentions: string;
  /** JSON `{to, cc}` lists of `{email, name?}` (migration 006); null when only the contact. */
  recipients: string | null;
  /** Incoming email: JSON `[{email, name?}]`, its Reply-To or else its From as received: where a reply goes (migration 015). */
  reply_to: string | null;
  created_at: string;
  /** JSON `SenderAuth` of a received email (migration 013); null when not email. */
  sender_auth?: string | null;
  /** A timeline line's JSON `TimelineFact` (migration 019); null otherwise. */
  fact?: string | null;
  /** The name of the bot that wrote this reply (migration 033); null: a person or the contact. */
  author_bot?: string | null;
  /** JSON `[{label}]`: a bot's question offered as buttons (migration 033). */
  buttons?: string | null;
  /** What a bot's question expects typed: `email`, `phone` or `number` (migration 033). */
  input_hint?: InputHint | null;
}

export interface AttachmentsTable {
  id: string;
  message_id: string;
  filename: string;
  content_type: string;
  size: number;
  storage_path: string;
  content_id: string | null;
  created_at: string;
}

export interface SnippetsTable {
  id: string;
  inbox_id: string | null;
  name: string;
  body: string;
  created_by: string | null;
  created_at: string;
}

export interface TemplatesTable {
  id: string;
  inbox_id: string | null;
  name: string;
  subject: string;
  body: string;
  created_by: string | null;
  created_at: string;
}

export interface EventsTable {
  id: Generated<number>;
  type: string;
  inbox_id: string | null;
  conversation_id: string | null;
  /** 1 when only agents may see it (comments). */
  internal: number;
  payload: string;
  created_at: string;
  /** Set when the event is for one user only (their notifications). */
  user_id: string | null;
}

export interface JobsTable {
  id: string;
  kind: string;
  payload: string;
  dedupe_key: string | null;
  status: 'pending' | 'running' | 'done' | 'failed';
  attempts: number;
  run_at: string;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  /** Migration 014: null never expires. */
  expires_at: string | null;
  /** `read`: GET routes and the stream only. */
  scope: 'read' | 'write';
}

/** An admin-started password reset link (migration 014); `id` is the SHA-256 of the link's secret. */
export interface PasswordResetsTable {
  id: string;
  user_id: string;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  email: string;
  at: string;
}

/** Mail that arrived while its channel was off: kept aside (raw, under the data folder) for replay. */
export interface EmailHeldTable {
  id: string;
  channel_id: string;
  storage_path: string;
  size: number;
  envelope: string;
  created_at: string;
}

/** A custom From address being proven (or proven) by a code sent to it. */
export interface EmailAddressVerificationsTable {
  id: string;
  channel_id: string;
  address: string;
  code_hash: string;
  expires_at: string;
  attempts: number;
  verified_at: string | null;
  created_at: string;
}

/** A website-chat visitor whose tokens issued up to `revoked_at` are refused. */
export interface ChatRevocationsTable {
  channel_id: string;
  visitor_key: string;
  revoked_at: string;
}

/** The IMAP poller's position per channel: advanced only after the message is committed. */
export interface ImapStateTable {
  channel_id: string;
  uidvalidity: string | null;
  last_uid: number | string;
  state: string;
  last_error: string | null;
  last_error_at: string | null;
  updated_at: string;
}

/** One process at a time works what `name` says (an IMAP poller: the channel's id; a durable subscriber); see db/leases.ts. */
export interface LeasesTable {
  name: string;
  holder: string;
  expires_at: string;
}

/** The secret thread tokens (reply+ addresses, our Message-IDs) are keyed with (migration 013). */
export interface ThreadTokenKeysTable {
  id: string;
  secret: string;
  created_at: string;
}

export interface Tables
  extends
    CrmTables,
    ComposeTables,
    SlackTables,
    OutgoingTables,
    FormTables,
    MessengerTables,
    ChatflowTables,
    ReportTables,
    ImportTables,
    ExportTables,
    ImportUploadTables {
  users: UsersTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  inboxes: InboxesTable;
  inbox_users: InboxUsersTable;
  inbox_teams: InboxTeamsTable;
  channels: ChannelsTable;
  contacts: ContactsTable;
  conversations: ConversationsTable;
  conversation_reads: ConversationReadsTable;
  conversation_participants: ConversationParticipantsTable;
  conversation_counts: ConversationCountsTable;
  messages: MessagesTable;
  attachments: AttachmentsTable;
  snippets: SnippetsTable;
  templates: TemplatesTable;
  events: EventsTable;
  jobs: JobsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_attempts: LoginAttemptsTable;
  email_held: EmailHeldTable;
  imap_state: ImapStateTable;
  email_address_verifications: EmailAddressVerificationsTable;
  chat_revocations: ChatRevocationsTable;
  leases: LeasesTable;
  password_resets: PasswordResetsTable;
  thread_token_keys: ThreadTokenKeysTable;
}
