/** Contacts (CRM), tickets and routing: shapes shared by the server, the agent app and integrations. */
import { z } from 'zod';
import { email, id } from './api-fields.js';
import { dealStages, routingModes, type TicketStageKey } from './crm-constants.js';

export { dealStages, defaultRouting, defaultTicketing, routingModes, ticketStageKeys, type TicketStageKey } from './crm-constants.js';

const text = (max: number) => z.string().trim().max(max);

// ---- contacts ----
export const ContactListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  ownerId: z.union([id, z.literal('none')]).optional(),
  company: z.string().trim().max(200).optional(),
  hasOpenConversations: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
const contactFields = {
  name: text(200).nullable(),
  email: email.nullable(),
  phone: text(50).nullable(),
  company: text(200).nullable(),
  ownerId: id.nullable(),
  properties: z.record(z.string().max(100), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()])),
};
export const ContactCreate = z
  .object(contactFields)
  .partial()
  .strict()
  .refine((c) => c.name || c.email, 'needs a name or an email');
export const ContactUpdate = z.object(contactFields).partial().strict();
export const ContactMerge = z.object({ otherId: id }).strict();
/** Link a conversation to an existing contact, or to a new one (e.g. an anonymous visitor who gave a name). */
export const ConversationContactInput = z.union([
  z.object({ contactId: id }).strict(),
  z
    .object({ name: text(200).min(1).optional(), email: email.optional(), phone: text(50).optional() })
    .strict()
    .refine((c) => c.name || c.email, 'needs a name or an email'),
]);

/** Write to a contact: a new email conversation in the inbox, sent through the outbox. */
export const ContactEmailCreate = z
  .object({ inboxId: id, subject: text(500).min(1), body: z.string().trim().min(1, 'must not be empty').max(100_000) })
  .strict();
export const MeetingLinkSend = z.object({ inboxId: id, subject: text(500).optional(), note: text(5000).optional() }).strict();
export const NoteCreate = z.object({ body: text(20_000).min(1, 'must not be empty') }).strict();
export const TaskCreate = z
  .object({
    title: text(500).min(1, 'must not be empty'),
    dueAt: z.iso.datetime({ offset: true }).nullable().optional(),
    assigneeId: id.nullable().optional(),
  })
  .strict();
export const TaskUpdate = z
  .object({ title: text(500).min(1), dueAt: z.iso.datetime({ offset: true }).nullable(), assigneeId: id.nullable(), done: z.boolean() })
  .partial()
  .strict();
export const CallCreate = z
  .object({
    summary: text(20_000).min(1, 'must not be empty'),
    outcome: z.enum(['connected', 'no_answer', 'voicemail', 'busy']).default('connected'),
    durationMinutes: z.number().int().min(0).max(1440).optional(),
  })
  .strict();
export const DealCreate = z
  .object({
    name: text(200).min(1),
    amount: z.number().min(0).max(1e12).default(0),
    stage: z.enum(dealStages).default('new'),
    ownerId: id.nullable().optional(),
  })
  .strict();
export const DealUpdate = z
  .object({ name: text(200).min(1), amount: z.number().min(0).max(1e12), stage: z.enum(dealStages), ownerId: id.nullable() })
  .partial()
  .strict();

export interface ContactListItem {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  ownerId: string | null;
  blocked: boolean;
  createdAt: string;
}
export interface ActivityOut {
  id: string;
  contactId: string;
  kind: 'note' | 'task' | 'call' | 'merge' | 'change';
  user: { id: string; name: string } | null;
  body: string;
  dueAt: string | null;
  assigneeId: string | null;
  done: boolean;
  data: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}
export interface DealOut {
  id: string;
  contactId: string;
  name: string;
  amount: number;
  stage: (typeof dealStages)[number];
  ownerId: string | null;
  createdAt: string;
}

// ---- tickets ----
export const PipelineCreate = z.object({ name: text(100).min(1), stages: z.array(text(100).min(1)).min(1).max(20) }).strict();
export const TicketCreate = z
  .object({
    title: text(500).min(1),
    pipelineId: id.optional(),
    stageId: id.optional(),
    contactId: id.nullable().optional(),
    ownerId: id.nullable().optional(),
  })
  .strict();
export const ConversationTicketCreate = z
  .object({ title: text(500).min(1).optional(), pipelineId: id.optional(), stageId: id.optional(), ownerId: id.nullable().optional() })
  .strict();
export const TicketUpdate = z
  .object({ title: text(500).min(1), stageId: id, ownerId: id.nullable() })
  .partial()
  .strict();
export const TicketListQuery = z.object({
  pipelineId: id.optional(),
  stageId: id.optional(),
  ownerId: z.union([id, z.literal('none')]).optional(),
  contactId: id.optional(),
  conversationId: id.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export interface StageOut {
  id: string;
  name: string;
  /** A default stage ('new', 'waiting_contact', …) the app shows in the reader's language; null for a stage an admin named. */
  key: TicketStageKey | null;
  position: number;
}
export interface PipelineOut {
  id: string;
  name: string;
  isDefault: boolean;
  stages: StageOut[];
}
export interface TicketOut {
  id: string;
  title: string;
  pipelineId: string;
  stageId: string;
  stageName: string;
  /** The stage's key, as on `StageOut` (`stageName` is its English name then). */
  stageKey: TicketStageKey | null;
  contact: { id: string; name: string | null; email: string | null } | null;
  conversationId: string | null;
  /** The conversation's inbox (null for tickets without a conversation). */
  inboxId: string | null;
  owner: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
  /** Whether you may move or edit it (members of the conversation's inbox; everyone for tickets without one). */
  canEdit: boolean;
}

// ---- routing (per channel) ----
export const RoutingSettings = z
  .object({
    mode: z.enum(routingModes),
    userIds: z.array(id).max(500).default([]),
    teamIds: z.array(id).max(100).default([]),
    availableOnly: z.boolean().default(true),
    reassignWhenAway: z.boolean().default(false),
  })
  .strict();
export const TicketingSettings = z
  .object({
    enabled: z.boolean(),
    pipelineId: id.nullable().default(null),
    stageId: id.nullable().default(null),
    /** The ticket owner: a user, or null for the conversation's owner (its assignee), as the help articles' default. */
    ownerId: id.nullable().default(null),
  })
  .strict();
export const ChannelRoutingUpdate = z.object({ routing: RoutingSettings, ticketing: TicketingSettings }).partial().strict();
export type RoutingSettings = z.infer<typeof RoutingSettings>;
export type TicketingSettings = z.infer<typeof TicketingSettings>;

/** A contact's timeline: what was recorded on it, and the conversations and tickets the viewer may read. */
export type TimelineItem =
  | { type: 'activity'; at: string; activity: ActivityOut }
  | { type: 'conversation'; at: string; conversation: import('./api.js').ConversationRow }
  | { type: 'ticket'; at: string; ticket: TicketOut };

// ---- availability (account-wide) ----
export const AvailabilitySettingsUpdate = z.object({ autoAwayMinutes: z.number().int().min(5).max(1440).nullable() }).strict();
