/** Installation-wide settings admins edit: the outgoing mail server (the relay); the search index's state. */
import { z } from 'zod';
import type { SearchIndexProgress } from './conversation-api.js';

export const outgoingSecurities = ['tls', 'starttls', 'none'] as const;
export type OutgoingSecurity = (typeof outgoingSecurities)[number];

/**
 * `PUT /settings/outgoing-mail`: the server every address without its own SMTP server sends through.
 * `password` absent keeps the stored one; an empty string removes it. `fromAddress`: the From of
 * mail Switchboard writes itself (password links, transcripts, test emails); empty: `no-reply@MAIL_DOMAIN`.
 */
export const OutgoingMailInput = z.object({
  host: z.string().trim().min(1).max(255),
  port: z.coerce.number().int().min(1).max(65535),
  security: z.enum(outgoingSecurities),
  user: z.string().trim().max(320).default(''),
  password: z.string().max(500).optional(),
  fromAddress: z.union([z.literal(''), z.string().trim().toLowerCase().email().max(320)]).optional(),
});
export type OutgoingMailInput = z.infer<typeof OutgoingMailInput>;

/** `POST /settings/outgoing-mail/test`: a test email to `to`, through `settings` when given (not saved), else the server in use. */
export const OutgoingMailTest = z.object({
  to: z.string().trim().toLowerCase().email().max(320),
  settings: OutgoingMailInput.optional(),
});
export type OutgoingMailTest = z.infer<typeof OutgoingMailTest>;

/** The stored server, as answered: the password is never answered, only whether there is one. */
export interface OutgoingMailSettingsOut {
  host: string;
  port: number;
  security: OutgoingSecurity;
  user: string;
  hasPassword: boolean;
  fromAddress: string | null;
}

/**
 * Which server replies leave through: `settings` (saved here), `env` (SMTP_RELAY_URL from the
 * configuration, the default), or `none` (replies of addresses without their own server are held).
 */
export interface OutgoingMailOut {
  source: 'settings' | 'env' | 'none';
  settings: OutgoingMailSettingsOut | null;
  /** SMTP_RELAY_URL's host and port when it is set (its user and password are never answered). */
  env: { host: string; port: number } | null;
  /** Outbox jobs waiting for an outgoing server (replies, password links, transcripts). */
  heldJobs: number;
  /**
   * The addresses that send through this server (email channels without an SMTP server of their own) and
   * whether each is used for sending ("Use this address for sending"; change it with `PATCH /channels/:id {useForSending}`).
   */
  addresses: { channelId: string; inboxId: string; inboxName: string; address: string; useForSending: boolean }[];
}

/** The test email's outcome: `errorKind` is the failure's class (`refused`, `tls`, `login`, `private` …), never the server's words. */
export interface OutgoingMailTestOut {
  ok: boolean;
  error: string | null;
  errorKind: string | null;
}

/** `GET /settings/search-index` (admins): whether the search index is being rebuilt, and how far (PostgreSQL never rebuilds). */
export type SearchIndexStatusOut = SearchIndexProgress | { building: false };
