/** Conversations and their messages, uploads and the stream: shapes shared by the server, the agent app and integrations. */
import { z } from 'zod';
import { body, channelKinds, email, id, viewNames, type ChannelKind, type Folder, type Page, type ViewName } from './api-fields.js';
import type { RoutingFact, TimelineFact } from './timeline.js';
import type { ReplyRefused } from './messenger-api.js';

// ---- inputs ----
export const IncomingConversationInput = z.object({
  contact: z
    .object({ email: email.optional(), name: z.string().trim().max(200).optional() })
    .refine((c) => c.email || c.name, 'needs an email or a name'),
  subject: z.string().trim().max(500).optional(),
  body,
  externalId: z.string().max(500).optional(),
});
export const IncomingMessageInput = z.object({ body, externalId: z.string().max(500).optional() });
const emailAddress = z.object({ email, name: z.string().trim().max(200).optional() });
const emailHtml = z.string().max(1_000_000);
const attachmentIds = z.array(id).max(20);
/** `body` is plain text; an email reply may send `html` instead (sanitized on the server, the text part derived from it), Cc and uploaded files. */
export const MessageCreate = z
  .object({
    kind: z.enum(['reply', 'comment']),
    body: body.optional(),
    html: emailHtml.optional(),
    cc: z.array(emailAddress).max(20).optional(),
    attachmentIds: attachmentIds.optional(),
    mentions: z.array(id).max(50).optional(),
  })
  .refine((m) => m.body !== undefined || m.html !== undefined, { message: 'must not be empty', path: ['body'] });
/** A new outbound email from an inbox (Compose): the contact is found by address or created. */
export const ComposeCreate = z.object({
  inboxId: id,
  to: emailAddress,
  cc: z.array(emailAddress).max(20).default([]),
  subject: z.string().trim().min(1, 'must not be empty').max(500),
  html: emailHtml,
  attachmentIds: attachmentIds.default([]),
});
export const UploadQuery = z.object({ filename: z.string().trim().min(1).max(500) });
export const ConversationUpdate = z
  .object({
    status: z.enum(['open', 'closed']),
    assigneeId: id.nullable(),
    teamId: id.nullable(),
  })
  .partial()
  .strict();
export const ConversationListQuery = z.object({
  inboxId: id.optional(),
  view: z.enum(viewNames).default('all'),
  status: z.enum(['open', 'closed']).optional(),
  channel: z.enum(channelKinds).optional(),
  assigneeId: z.union([id, z.literal('none')]).optional(),
  teamId: id.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  q: z.string().trim().max(200).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export type ConversationListQuery = z.infer<typeof ConversationListQuery>;

// ---- outputs ----
export interface ContactRef {
  id: string;
  name: string | null;
  email: string | null;
}
export interface ContactOut extends ContactRef {
  phone: string | null;
  ownerId: string | null;
  company: string | null;
  properties: Record<string, unknown>;
  blocked: boolean;
  /** An address the contact claimed without proof (website chat): shown as not verified; an agent's merge joins it to its owner. */
  unverifiedEmail: string | null;
  /** The contact's picture (a Messenger profile picture), served to users; null when there is none. */
  pictureUrl: string | null;
}
export interface UserRef {
  id: string;
  name: string;
  avatarUrl: string | null;
}
export interface Abilities {
  read: boolean;
  reply: boolean;
  comment: boolean;
  assign: boolean;
  close: boolean;
  trash: boolean;
  delete: boolean;
  spam: boolean;
  block: boolean;
  reason: string | null;
}
/** The search index while it is rebuilt (SQLite, after its file was lost): how many conversations it holds of how many. */
export interface SearchIndexProgress {
  building: true;
  done: number;
  total: number;
}

/** A page of the conversation list; a search (`q`) answered while the index is rebuilt says so: it may miss conversations. */
export interface ConversationPage extends Page<ConversationRow> {
  searchIndex?: SearchIndexProgress;
}

export interface ConversationRow {
  id: string;
  inboxId: string;
  subject: string | null;
  preview: string;
  contact: ContactRef | null;
  channel: ChannelKind;
  status: 'open' | 'closed';
  folder: Folder;
  assignee: UserRef | null;
  teamId: string | null;
  /** A chatflow holds it (the Bots view) until it hands it over or an agent takes over. */
  isBot: boolean;
  lastMessageAt: string;
  createdAt: string;
  unread: boolean;
  /** Its contact was erased (right to be forgotten): shown as "erased contact"; absent otherwise. */
  contactErased?: true;
}
export interface ConversationOut extends ConversationRow {
  channelId: string;
  closedAt: string | null;
  firstResponseAt: string | null;
  abilities: Abilities;
  /** Why routing assigned it (or left it unassigned), e.g. "Round robin among Support: given to Ana; skipped Ben (away)". */
  routingReason: string | null;
  /** The same as a fact, for writing it in the reader's language (null when there is none, or it predates facts). */
  routingFact: RoutingFact | null;
  /** Set when no reply can be written now, and why (Messenger, 7 days after the customer's last message). */
  replyRefused?: ReplyRefused;
}
/** Compose's answer: the new conversation, and whether its email waits (no outgoing mail server) instead of leaving. */
export interface ComposedOut extends ConversationOut {
  deliveryHeld: Exclude<MessageOut['deliveryHeld'], undefined>;
}
export interface MessageOut {
  id: string;
  conversationId: string;
  kind: 'incoming' | 'reply' | 'comment' | 'system';
  text: string;
  html: string | null;
  author:
    | { type: 'user'; id: string; name: string }
    | { type: 'contact'; id: string; name: string | null }
    /** A chatflow's message: the bot's name as visitors see it. */
    | { type: 'bot'; id: null; name: string }
    | null;
  /** A bot's question offered as buttons. */
  buttons?: { label: string }[];
  mentions: string[];
  /** Email: the original To and Cc of incoming mail, or where an agent's email went. */
  recipients?: Recipients | null;
  /** `delivered`, `read`: the channel's receipts (Messenger). */
  deliveryState: 'none' | 'queued' | 'sent' | 'delivered' | 'read' | 'failed';
  /** Why delivery failed or is held (e.g. no outgoing mail server). */
  deliveryError?: string | null;
  /**
   * A reply that waits, and why: `no_outgoing_server` (none is set; it leaves once one is), `sending_off`
   * (its address is not used for sending; it leaves once it is).
   */
  deliveryHeld?: 'no_outgoing_server' | 'sending_off' | null;
  /** Files that came with an email; download at `/api/v1/attachments/:id`. */
  attachments?: AttachmentOut[];
  createdAt: string;
  /** Received email: whether its sender was authenticated (SPF, DKIM, DMARC); absent for everything else. */
  senderAuth?: SenderAuth | null;
  /** A timeline line's fact, for writing it in the reader's language (`text` is the English line). */
  fact?: TimelineFact | null;
}
/**
 * A received email's sender authentication. `verified`: DMARC passed (or, without a DMARC policy,
 * an aligned DKIM signature or SPF pass); `unverified`: it did not ("Sender not verified");
 * `none`: not checked (e.g. IMAP mail without a trusted Authentication-Results).
 */
export interface SenderAuth {
  summary: 'verified' | 'unverified' | 'none';
  spf: string;
  dkim: string;
  dmarc: string;
}
export interface EmailAddress {
  email: string;
  name?: string | null;
}
export interface Recipients {
  to: EmailAddress[];
  cc: EmailAddress[];
}
/** Find in a conversation: the messages whose text holds the phrase, newest first. */
export interface MessageMatches {
  items: { id: string; createdAt: string }[];
}
/** Who Reply all copies: the last email's To and Cc that are legitimately on the thread, without us and the contact. */
export interface ReplyAllOut {
  cc: EmailAddress[];
}
export interface AttachmentOut {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  /** Referenced from the HTML body as an inline (cid:) image. */
  inline: boolean;
}
export type ViewCounts = Record<ViewName, number>;
export interface UploadOut {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

/** Messages on `/api/v1/stream`. */
export type StreamServerMessage =
  | {
      type: 'event';
      id: number;
      event: string;
      inboxId: string | null;
      conversationId: string | null;
      payload: Record<string, unknown>;
      at: string;
    }
  | { type: 'presence'; conversationId: string; users: { id: string; name: string; state: 'viewing' | 'typing' }[] }
  | { type: 'ready'; lastEventId: number }
  /** A resume missed more than `limit` events: they are not replayed; reload what is shown (a `ready` follows). */
  | { type: 'reset'; reason: 'replay_limit'; limit: number }
  | { type: 'error'; message: string };
export type StreamClientMessage = { type: 'presence'; conversationId: string; state: 'viewing' | 'typing' | 'left' } | { type: 'ping' };
