/** Answers about conversations and their messages (the interfaces in `conversation-api.ts` are checked against these). */
import { z } from 'zod';
import { channelKinds, folders, viewNames } from '../api-fields.js';
import type * as T from '../conversation-api.js';
import type { RoutingFact as RoutingFactType, TimelineFact as TimelineFactType } from '../timeline.js';
import { at, named, nullableString, obj, pageOf, same } from './shared.js';

export const ContactRef = named('ContactRef', obj({ id: z.string(), name: nullableString, email: nullableString }));
export const ContactOut = named(
  'Contact',
  ContactRef.extend({
    phone: nullableString,
    ownerId: nullableString,
    company: nullableString,
    properties: z.record(z.string(), z.unknown()),
    blocked: z.boolean(),
    unverifiedEmail: nullableString,
    pictureUrl: nullableString,
  }),
);
export const UserRef = named('UserRef', obj({ id: z.string(), name: z.string(), avatarUrl: nullableString }));
export const Abilities = named(
  'Abilities',
  obj({
    read: z.boolean(),
    reply: z.boolean(),
    comment: z.boolean(),
    assign: z.boolean(),
    close: z.boolean(),
    trash: z.boolean(),
    delete: z.boolean(),
    spam: z.boolean(),
    block: z.boolean(),
    reason: nullableString,
  }),
);

const skipReason = z.enum(['away', 'deactivated', 'not_member', 'no_seat', 'idle']);
const RoutingSkip = obj({ name: z.string(), why: skipReason, minutes: z.number().optional() });
export const RoutingFact = named(
  'RoutingFact',
  obj({
    kind: z.literal('routing'),
    awayAssignee: z.string().optional(),
    owner: z
      .union([
        obj({ outcome: z.literal('given'), name: z.string() }),
        obj({ outcome: z.literal('none') }),
        RoutingSkip.extend({ outcome: z.literal('cannot') }),
      ])
      .optional(),
    roundRobin: obj({ group: z.array(z.string()), to: nullableString, skipped: z.array(RoutingSkip) }).optional(),
  }),
);
const folderMove = z.enum(['trash', 'restore', 'spam', 'not-spam', 'release', 'block', 'unblock']);
export const TimelineFact = named(
  'TimelineFact',
  z.union([
    obj({ kind: z.enum(['took', 'unassigned', 'team_removed', 'closed', 'reopened', 'contact_erased']), actor: z.string() }),
    obj({ kind: z.literal('assigned'), actor: z.string(), to: z.string() }),
    obj({ kind: z.literal('team'), actor: z.string(), team: z.string() }),
    obj({ kind: z.literal('folder'), actor: z.string(), move: folderMove }),
    obj({ kind: z.literal('ticket_created'), title: z.string() }),
    obj({ kind: z.literal('follows_up'), conversationId: z.string() }),
    obj({ kind: z.literal('email_left'), email: z.string() }),
    obj({ kind: z.literal('bot_started'), bot: z.string() }),
    obj({
      kind: z.literal('bot_ended'),
      bot: z.string(),
      reason: z.enum(['handed_over', 'taken_over', 'finished', 'timed_out', 'asked_for_agent', 'failed']),
      actor: z.string().optional(),
    }),
    obj({ kind: z.literal('file_not_fetched'), why: z.enum(['refused', 'too_large', 'failed']) }),
    RoutingFact,
  ]),
);

export const ConversationRow = named(
  'ConversationRow',
  obj({
    id: z.string(),
    inboxId: z.string(),
    subject: nullableString,
    preview: z.string(),
    contact: ContactRef.nullable(),
    channel: z.enum(channelKinds),
    status: z.enum(['open', 'closed']),
    folder: z.enum(folders),
    assignee: UserRef.nullable(),
    teamId: nullableString,
    isBot: z.boolean(),
    lastMessageAt: at,
    createdAt: at,
    unread: z.boolean(),
    contactErased: z.literal(true).optional(),
  }),
);
export const ConversationOut = named(
  'Conversation',
  ConversationRow.extend({
    channelId: z.string(),
    closedAt: at.nullable(),
    firstResponseAt: at.nullable(),
    abilities: Abilities,
    routingReason: nullableString,
    routingFact: RoutingFact.nullable(),
    replyRefused: obj({ reason: z.enum(['messenger_window_closed']) }).optional(),
  }),
);

export const EmailAddress = named('EmailAddress', obj({ email: z.string(), name: nullableString.optional() }));
export const Recipients = obj({ to: z.array(EmailAddress), cc: z.array(EmailAddress) });
export const SenderAuth = named(
  'SenderAuth',
  obj({ summary: z.enum(['verified', 'unverified', 'none']), spf: z.string(), dkim: z.string(), dmarc: z.string() }),
);
export const AttachmentOut = named(
  'Attachment',
  obj({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number(), inline: z.boolean() }),
);
const deliveryHeld = z.enum(['no_outgoing_server', 'sending_off']).nullable();
export const MessageOut = named(
  'Message',
  obj({
    id: z.string(),
    conversationId: z.string(),
    kind: z.enum(['incoming', 'reply', 'comment', 'system']),
    text: z.string(),
    html: nullableString,
    author: z
      .union([
        obj({ type: z.literal('user'), id: z.string(), name: z.string() }),
        obj({ type: z.literal('contact'), id: z.string(), name: nullableString }),
        obj({ type: z.literal('bot'), id: z.null(), name: z.string() }),
      ])
      .nullable(),
    buttons: z.array(obj({ label: z.string() })).optional(),
    mentions: z.array(z.string()),
    recipients: Recipients.nullable().optional(),
    deliveryState: z.enum(['none', 'queued', 'sent', 'delivered', 'read', 'failed']),
    deliveryError: nullableString.optional(),
    deliveryHeld: deliveryHeld.optional(),
    attachments: z.array(AttachmentOut).optional(),
    createdAt: at,
    senderAuth: SenderAuth.nullable().optional(),
    fact: TimelineFact.nullable().optional(),
  }),
);
const SearchIndexProgress = obj({ building: z.literal(true), done: z.number(), total: z.number() });
/** The conversation list; a search answered while the index is rebuilt says how far it is. */
export const ConversationPage = pageOf(ConversationRow).extend({ searchIndex: SearchIndexProgress.optional() });
export const SearchIndexStatus = z.union([SearchIndexProgress, obj({ building: z.literal(false) })]);
export const ComposedOut = named('ComposedConversation', ConversationOut.extend({ deliveryHeld }));
export const MessageMatches = obj({ items: z.array(obj({ id: z.string(), createdAt: at })) });
export const ReplyAllOut = obj({ cc: z.array(EmailAddress) });
export const ViewCounts = obj(Object.fromEntries(viewNames.map((v) => [v, z.number()])) as Record<(typeof viewNames)[number], z.ZodNumber>);
export const UploadOut = named('Upload', obj({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number() }));
export const Forgotten = obj({ forgotten: z.literal(true) });

same<T.ContactRef, z.output<typeof ContactRef>>(true);
same<T.ContactOut, z.output<typeof ContactOut>>(true);
same<T.UserRef, z.output<typeof UserRef>>(true);
same<T.Abilities, z.output<typeof Abilities>>(true);
same<RoutingFactType, z.output<typeof RoutingFact>>(true);
same<TimelineFactType, z.output<typeof TimelineFact>>(true);
same<T.ConversationRow, z.output<typeof ConversationRow>>(true);
same<T.ConversationOut, z.output<typeof ConversationOut>>(true);
same<T.ConversationPage, z.output<typeof ConversationPage>>(true);
same<T.ComposedOut, z.output<typeof ComposedOut>>(true);
same<T.MessageOut, z.output<typeof MessageOut>>(true);
same<T.MessageMatches, z.output<typeof MessageMatches>>(true);
same<T.ReplyAllOut, z.output<typeof ReplyAllOut>>(true);
same<T.ViewCounts, z.output<typeof ViewCounts>>(true);
same<T.UploadOut, z.output<typeof UploadOut>>(true);
