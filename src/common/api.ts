/** Shapes shared by the server, the agent app and integrations (REST and stream). */
import { z } from 'zod';
import type { RoutingFact, TimelineFact } from './timeline.js';

export const roles = ['super_admin', 'admin', 'agent'] as const;
export const channelKinds = ['api', 'email', 'chat', 'messenger', 'form'] as const;
export const folders = ['inbox', 'filtered', 'spam', 'trash'] as const;
export const viewNames = ['all', 'mine', 'unassigned', 'email', 'chat', 'messenger', 'forms', 'bots', 'filtered', 'spam', 'trash'] as const;
export const locales = ['en', 'nl', 'sv'] as const;

export type Role = (typeof roles)[number];
export type ChannelKind = (typeof channelKinds)[number];
export type Folder = (typeof folders)[number];
export type ViewName = (typeof viewNames)[number];

export * from './access-api.js';

const id = z.string().min(1).max(64);
const email = z.string().trim().toLowerCase().email().max(320);
/** Avatar and meeting links end up in `src`/`href` (the app, the widget): only http(s), never `javascript:` or `data:`. */
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);
const optionalUrl = z.union([httpUrl, z.literal(''), z.null()], { error: 'must be an http(s) URL' });

// ---- inputs ----
export const LoginInput = z.object({ email, password: z.string().min(1).max(200) });
export const MeUpdate = z
  .object({
    name: z.string().trim().min(1).max(100),
    avatarUrl: optionalUrl,
    meetingLink: optionalUrl,
    locale: z.enum(locales),
    availability: z.enum(['available', 'away']),
  })
  .partial()
  .strict();
export const UserCreate = z.object({
  email,
  name: z.string().trim().min(1).max(100),
  role: z.enum(roles).default('agent'),
  paidSeat: z.boolean().default(true),
  password: z.string().max(200).optional(),
});
export const UserUpdate = z
  .object({
    role: z.enum(roles),
    paidSeat: z.boolean(),
    availability: z.enum(['available', 'away']),
    name: z.string().trim().min(1).max(100),
  })
  .partial()
  .strict();
export const TeamCreate = z.object({ name: z.string().trim().min(1).max(100), userIds: z.array(id).max(1000).default([]) });
export const TeamUpdate = z
  .object({ name: z.string().trim().min(1).max(100), userIds: z.array(id).max(1000) })
  .partial()
  .strict();
export const InboxAccessInput = z.object({
  mode: z.enum(['everyone', 'specific']),
  userIds: z.array(id).max(1000).default([]),
  teamIds: z.array(id).max(1000).default([]),
});
export const InboxCreate = z.object({
  name: z.string().trim().min(1).max(100),
  access: InboxAccessInput.default({ mode: 'everyone', userIds: [], teamIds: [] }),
});
export const InboxUpdate = z
  .object({ name: z.string().trim().min(1).max(100), access: InboxAccessInput })
  .partial()
  .strict();
export const InboxDelete = z.object({ confirmName: z.string() });
const body = z.string().trim().min(1, 'must not be empty').max(100_000);
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
const templateFields = {
  name: z.string().trim().min(1).max(100),
  subject: z.string().trim().max(500),
  body: z.string().trim().min(1, 'must not be empty').max(200_000),
};
export const TemplateCreate = z.object({ ...templateFields, inboxId: id.nullable().default(null) });
export const TemplateUpdate = z.object(templateFields).partial().strict();
export const TemplateRenderQuery = z.object({ contactId: id.optional() });
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
export const SnippetCreate = z.object({
  name: z.string().trim().min(1).max(100),
  body: z.string().min(1).max(20_000),
  inboxId: id.nullable().default(null),
});
export const SnippetUpdate = z
  .object({ name: z.string().trim().min(1).max(100), body: z.string().min(1).max(20_000) })
  .partial()
  .strict();

export type ConversationListQuery = z.infer<typeof ConversationListQuery>;

// ---- outputs ----
export interface UserOut {
  id: string;
  email: string;
  name: string;
  role: Role;
  paidSeat: boolean;
  availability: 'available' | 'away';
  avatarUrl: string | null;
  meetingLink: string | null;
  locale: string;
  teamIds: string[];
  /** False once an admin deactivated the user: history kept, no login, no routing. */
  active: boolean;
}
export interface TeamOut {
  id: string;
  name: string;
  userIds: string[];
}
export interface InboxOut {
  id: string;
  name: string;
  slug: string;
  fallbackAddress: string;
  access: { mode: 'everyone' | 'specific'; userIds: string[]; teamIds: string[] };
  /** Whether the current user may act in it (reply, assign...). */
  member: boolean;
}
export interface ChannelOut {
  id: string;
  inboxId: string;
  kind: ChannelKind;
  name: string;
  status: 'on' | 'off';
  address: string | null;
  settings: Record<string, unknown>;
  /** Email: how replies leave (`held`: no outgoing server configured, replies wait), and the IMAP poller's state. */
  email?: EmailChannelState;
}
/** The `replay-held` job of a channel: how many of the held messages are replayed so far. */
export interface HeldReplayProgress {
  state: 'queued' | 'running' | 'failed';
  done: number;
  total: number;
  /** Why the last run failed (it is tried again unless `state` is `failed`). */
  error: string | null;
}
export interface EmailChannelState {
  sending: 'smtp' | 'relay' | 'held';
  notice: string | null;
  heldIncoming: number;
  /** `lastErrorKind`: the failure's class (`refused`, `tls`, `login`, `private` …) when it is one, for translation. */
  imap: {
    state: string;
    lastError: string | null;
    lastErrorKind?: string | null;
    lastErrorAt: string | null;
    lastUid: number;
    uidValidity: string | null;
  } | null;
  /** Mail kept aside while the channel was off, being replayed since it was switched on (null when none is). */
  heldReplay: HeldReplayProgress | null;
  /** From name, From address and signature. */
  identity?: EmailIdentityOut;
}
export interface EmailSignature {
  format: 'text' | 'html';
  body: string;
}
export interface EmailIdentityOut {
  /** "agent": "Ana from Acme"; "company": "Acme". */
  fromName: 'agent' | 'company';
  /** The language of what the server writes in this channel's mail (the "from" in "Ana from Acme"); default English. */
  language: 'en' | 'nl' | 'sv';
  /** Empty: the inbox name (`defaultCompanyName`). */
  companyName: string;
  defaultCompanyName: string;
  /** The channel's own address (or the inbox fallback). */
  defaultAddress: string;
  /** A verified custom From address in use, or null (the default). */
  fromAddress: string | null;
  verifiedAddresses: string[];
  /** A code was sent to this address and waits to be typed. */
  pending: { address: string; expiresAt: string } | null;
  signature: EmailSignature;
}
/** How an email will look: From header and body with the signature, for a sample agent. */
export interface SignaturePreview {
  from: string;
  text: string;
  html: string | null;
}
export const EmailSignatureInput = z.object({ format: z.enum(['text', 'html']), body: z.string().max(10_000) }).strict();
export const EmailAddressCodeRequest = z.object({ address: z.string().trim().toLowerCase().email() }).strict();
export const EmailAddressCodeConfirm = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'must be the 6 digits from the email'),
  })
  .strict();
/** Email channel settings an admin may change; `status: 'on'` replays mail kept aside while off. */
export const EmailChannelUpdate = z
  .object({
    name: z.string().trim().min(1).max(100),
    status: z.enum(['on', 'off']),
    roleAddresses: z
      .array(
        z
          .string()
          .trim()
          .toLowerCase()
          .regex(/^[a-z0-9._+-]+$/, 'must be the part before @, e.g. marketing'),
      )
      .max(200),
    logForwardedToSender: z.boolean(),
    fromName: z.enum(['agent', 'company']),
    /** The language of what the server writes in this channel's mail ("Ana van Acme"). */
    language: z.enum(['en', 'nl', 'sv']),
    companyName: z.string().trim().max(100),
    /** A verified custom address, or null for the default. */
    fromAddress: z.string().trim().toLowerCase().email().nullable(),
    signature: EmailSignatureInput,
    /** Connect to the mailbox's IMAP and SMTP servers without verifying their TLS certificates. */
    skipCertificateVerification: z.boolean(),
  })
  .partial()
  .strict();
const hostPort = {
  host: z.string().trim().min(1).max(255),
  port: z.coerce.number().int().min(1).max(65535),
  secure: z.boolean().default(true),
};
/** One side of a mailbox connection test: `errorKind` is the failure's class (`refused`, `tls`, `login`, `private` …). */
export interface MailboxProbe {
  ok: boolean;
  error: string | null;
  errorKind: string | null;
}
/** `POST /channels/:id/test-connection`: null for a side the mailbox does not have. */
export interface MailboxConnectionTest {
  imap: MailboxProbe | null;
  smtp: MailboxProbe | null;
}
/** Connect a team mailbox: IMAP to receive, SMTP to send. */
export const EmailMailboxCreate = z.object({
  name: z.string().trim().min(1).max(100),
  address: z.string().trim().toLowerCase().email(),
  imap: z.object({
    ...hostPort,
    user: z.string().min(1).max(320),
    password: z.string().min(1).max(500),
    folder: z.string().min(1).max(200).default('INBOX'),
  }),
  smtp: z.object({ ...hostPort, user: z.string().max(320).optional(), password: z.string().max(500).optional() }),
  /** Connect without verifying the servers' TLS certificates (default: verified). */
  skipCertificateVerification: z.boolean().default(false),
});
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
  lastMessageAt: string;
  createdAt: string;
  unread: boolean;
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
}
export interface MessageOut {
  id: string;
  conversationId: string;
  kind: 'incoming' | 'reply' | 'comment' | 'system';
  text: string;
  html: string | null;
  author: { type: 'user'; id: string; name: string } | { type: 'contact'; id: string; name: string | null } | null;
  mentions: string[];
  /** Email: the original To and Cc of incoming mail, or where an agent's email went. */
  recipients?: Recipients | null;
  deliveryState: 'none' | 'queued' | 'sent' | 'failed';
  /** Why delivery failed or is held (e.g. no outgoing mail server). */
  deliveryError?: string | null;
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
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export type ViewCounts = Record<ViewName, number>;
export interface UploadOut {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}
/** An email template: `body` is HTML with tokens such as {{contact.first_name}}. */
export interface TemplateOut {
  id: string;
  inboxId: string | null;
  name: string;
  subject: string;
  body: string;
}
export interface RenderedTemplate {
  subject: string;
  html: string;
}
export interface SnippetOut {
  id: string;
  inboxId: string | null;
  name: string;
  body: string;
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
