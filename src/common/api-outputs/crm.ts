/** Answers about contacts, their records, deals and tickets (the interfaces in `crm-api.ts` are checked against these). */
import { z } from 'zod';
import { dealStages, ticketStageKeys } from '../crm-constants.js';
import type * as T from '../crm-api.js';
import { ContactRef, ConversationRow } from './conversations.js';
import { at, named, nullableString, obj, same } from './shared.js';

/** The custom property names in use on contacts (newest contacts first read), sorted. */
export const PropertyNames = obj({ items: z.array(z.string()) });
export const ContactListItem = named(
  'ContactListItem',
  obj({
    id: z.string(),
    name: nullableString,
    email: nullableString,
    phone: nullableString,
    company: nullableString,
    ownerId: nullableString,
    blocked: z.boolean(),
    createdAt: at,
  }),
);
export const ActivityOut = named(
  'Activity',
  obj({
    id: z.string(),
    contactId: z.string(),
    kind: z.enum(['note', 'task', 'call', 'merge', 'change']),
    user: obj({ id: z.string(), name: z.string() }).nullable(),
    body: z.string(),
    dueAt: at.nullable(),
    assigneeId: nullableString,
    done: z.boolean(),
    data: z.record(z.string(), z.unknown()),
    createdAt: at,
    updatedAt: at,
  }),
);
export const DealOut = named(
  'Deal',
  obj({
    id: z.string(),
    contactId: z.string(),
    name: z.string(),
    amount: z.number(),
    stage: z.enum(dealStages),
    ownerId: nullableString,
    createdAt: at,
  }),
);
const stageKey = z.enum(ticketStageKeys).nullable();
export const StageOut = named('Stage', obj({ id: z.string(), name: z.string(), key: stageKey, position: z.number() }));
export const PipelineOut = named('Pipeline', obj({ id: z.string(), name: z.string(), isDefault: z.boolean(), stages: z.array(StageOut) }));
export const TicketOut = named(
  'Ticket',
  obj({
    id: z.string(),
    title: z.string(),
    pipelineId: z.string(),
    stageId: z.string(),
    stageName: z.string(),
    stageKey,
    contact: ContactRef.nullable(),
    conversationId: nullableString,
    inboxId: nullableString,
    owner: obj({ id: z.string(), name: z.string() }).nullable(),
    createdAt: at,
    updatedAt: at,
    canEdit: z.boolean(),
  }),
);
export const TimelineItem = named(
  'TimelineItem',
  z.union([
    obj({ type: z.literal('activity'), at, activity: ActivityOut }),
    obj({ type: z.literal('conversation'), at, conversation: ConversationRow }),
    obj({ type: z.literal('ticket'), at, ticket: TicketOut }),
  ]),
);

same<T.ContactListItem, z.output<typeof ContactListItem>>(true);
same<T.ActivityOut, z.output<typeof ActivityOut>>(true);
same<T.DealOut, z.output<typeof DealOut>>(true);
same<T.StageOut, z.output<typeof StageOut>>(true);
same<T.PipelineOut, z.output<typeof PipelineOut>>(true);
same<T.TicketOut, z.output<typeof TicketOut>>(true);
same<T.TimelineItem, z.output<typeof TimelineItem>>(true);
