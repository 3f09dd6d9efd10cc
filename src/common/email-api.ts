/** Channels and email channel settings (identity, signature, mailboxes): shapes shared by the server, the agent app and integrations. */
import { z } from 'zod';
import type { ChannelKind } from './api-fields.js';
import type { MessengerChannelState } from './messenger-api.js';

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
  /** Messenger: the Page, the webhook URL to paste into the Meta app, the connection's state. */
  messenger?: MessengerChannelState;
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
  /** `off`: the address is not used for sending (its replies are held until it is). */
  sending: 'smtp' | 'relay' | 'held' | 'off';
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
/** What a signature may say in `{{…}}`, filled in with the sending agent's name. */
export const signatureTokens = ['full_name', 'first_name', 'last_name'] as const;
export type SignatureToken = (typeof signatureTokens)[number];
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
  /** The signature alone as plain text, its tokens as written: what it becomes in the text format. */
  signatureText: string;
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
const hostPort = {
  host: z.string().trim().min(1).max(255),
  port: z.coerce.number().int().min(1).max(65535),
  secure: z.boolean().default(true),
};
const imapFields = {
  ...hostPort,
  user: z.string().min(1).max(320),
  folder: z.string().min(1).max(200).default('INBOX'),
};
const smtpFields = { ...hostPort, user: z.string().max(320).optional() };
/** A mailbox's IMAP side (to receive) and SMTP side (to send); an SMTP `user` left empty sends without logging in. */
export const MailboxImapInput = z.object({ ...imapFields, password: z.string().min(1).max(500) });
export const MailboxSmtpInput = z.object({ ...smtpFields, password: z.string().max(500).optional() });
/** The same for a saved mailbox: a password left empty (or out) keeps the stored one. */
export const MailboxImapChange = z.object({ ...imapFields, password: z.string().max(500).optional() });
export const MailboxSmtpChange = MailboxSmtpInput;
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
    /** "Use this address for sending": a forwarding address (no SMTP server of its own) sends through the outgoing mail server; off: its replies are held until it is on again. */
    useForSending: z.boolean(),
    fromName: z.enum(['agent', 'company']),
    /** The language of what the server writes in this channel's mail ("Ana van Acme"). */
    language: z.enum(['en', 'nl', 'sv']),
    companyName: z.string().trim().max(100),
    /** A verified custom address, or null for the default. */
    fromAddress: z.string().trim().toLowerCase().email().nullable(),
    signature: EmailSignatureInput,
    /** Connect to the mailbox's IMAP and SMTP servers without verifying their TLS certificates. */
    skipCertificateVerification: z.boolean(),
    /** A connected mailbox's servers (only a channel that has them); an empty password keeps the stored one. */
    imap: MailboxImapChange,
    smtp: MailboxSmtpChange,
  })
  .partial()
  .strict();
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
  imap: MailboxImapInput,
  smtp: MailboxSmtpInput,
  /** Connect without verifying the servers' TLS certificates (default: verified). */
  skipCertificateVerification: z.boolean().default(false),
});
/** `POST /inboxes/:id/mailboxes/test-connection`: settings not saved yet, tried and forgotten. */
export const EmailMailboxTest = z.object({
  imap: MailboxImapInput,
  smtp: MailboxSmtpInput,
  skipCertificateVerification: z.boolean().default(false),
});
/** `POST /channels/:id/test-connection`: the stored settings, or edits to them not saved yet (empty passwords: the stored ones). */
export const EmailMailboxRetest = z
  .object({ imap: MailboxImapChange, smtp: MailboxSmtpChange, skipCertificateVerification: z.boolean() })
  .partial()
  .strict();
