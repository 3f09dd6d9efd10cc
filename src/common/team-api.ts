/** Signing in, your profile, users, teams and inboxes: shapes shared by the server, the agent app and integrations. */
import { z } from 'zod';
import { email, id, locales, optionalUrl, roles, type Role } from './api-fields.js';

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

/** A step of an inbox's getting-started checklist (admins only: each needs a setting only they may change). */
export type GettingStartedStepKey = 'mailbox' | 'chat' | 'team';

/** `GET /inboxes/:id/getting-started`: what a new inbox still lacks, from a fixed handful of small reads. */
export interface GettingStartedOut {
  inboxId: string;
  /** `<slug>@MAIL_DOMAIN`: mail sent or forwarded there lands in the inbox. */
  fallbackAddress: string;
  /** No conversation in the inbox at all (any folder, any channel). */
  empty: boolean;
  /**
   * For admins: `mailbox` done when a mailbox (IMAP) is connected or any email came in; `chat` when a chat
   * channel exists and a chat came in through it (the widget is on a page and works); `team` when the account
   * has another active user. Empty for agents.
   */
  steps: {
    key: GettingStartedStepKey;
    done: boolean;
    /** Chat: a chat channel exists, though no chat came in yet (the widget may not be on a page yet). */
    started: boolean;
  }[];
}
