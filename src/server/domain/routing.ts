/**
 * Routing: who gets a new incoming conversation, and why. Runs as a job enqueued in the same
 * transaction as the conversation (so exactly once, whatever the number of processes). Round
 * robin keeps a cursor per channel, locked for the job's transaction: fair under concurrency.
 */
import { z } from 'zod';
import { defaultRouting, defaultTicketing, type RoutingSettings, type TicketingSettings } from '../../common/crm-api.js';
import type { Trx } from '../db/database.js';
import { decodeJson, encodeJson } from '../db/json.js';
import { forUpdate } from '../db/locks.js';
import type { ChannelsTable, ConversationsTable } from '../db/schema.js';
import { enqueue, jobKind } from '../db/job-queue.js';
import { authorizeChannelSettings, isMemberByAccess, type Actor } from '../permissions/policy.js';
import { autoAwayUsers } from './availability.js';
import { write, type Ctx, type Writer } from './context.js';
import { changeConversation } from './conversations.js';
import { DomainError, invalid, notFound } from './errors.js';
import { insertSystemMessage } from './messages.js';
import { insertTicket, resolveStage } from './tickets.js';
import type { RoutingFact, RoutingSkip, RoutingSkipReason } from '../../common/timeline.js';
import { mailLanguage, mailT, type MailLanguage } from '../../common/mail-texts/index.js';

/** `route-conversation`: routes a new conversation, or reassigns one whose assignee is away (`jobs/route-conversation.ts`). */
/** `handoff`: a chatflow handing over names its own people (else the channel's rules apply). */
const Handoff = z.object({
  teamId: z.string().optional(),
  userIds: z.array(z.string()).max(50).optional(),
  toOwner: z.boolean().optional(),
});
export const ROUTE_JOB = jobKind(
  'route-conversation',
  z.object({ conversationId: z.string(), trigger: z.enum(['new', 'reply']), handoff: Handoff.optional() }),
);
export type HandoffTarget = z.infer<typeof Handoff>;

/** The rules a hand-over routes by: its own people when it names any, the channel's otherwise. */
function handoffRouting(r: RoutingSettings, h: HandoffTarget | undefined): RoutingSettings {
  if (!h || (!h.teamId && !h.userIds?.length && !h.toOwner)) return r;
  return {
    ...r,
    mode: h.toOwner ? 'contact_owner' : 'specific',
    userIds: h.userIds ?? [],
    teamIds: h.teamId ? [h.teamId] : [],
    availableOnly: true,
  };
}

export function routingOf(c: Pick<ChannelsTable, 'settings'>): RoutingSettings {
  const s = decodeJson<{ routing?: Partial<RoutingSettings> }>(c.settings, {});
  return { ...defaultRouting, ...(s.routing ?? {}) };
}
export function ticketingOf(c: Pick<ChannelsTable, 'settings'>): TicketingSettings {
  const s = decodeJson<{ ticketing?: Partial<TicketingSettings> }>(c.settings, {});
  return { ...defaultTicketing, ...(s.ticketing ?? {}) };
}
/** The language a channel writes to customers in: an email channel's From language, a chat channel's widget language ('auto': English). */
export function channelLanguage(c: Pick<ChannelsTable, 'settings'>): MailLanguage {
  const s = decodeJson<{ identity?: { language?: string }; language?: string }>(c.settings, {});
  return mailLanguage(s.identity?.language, s.language);
}

/**
 * The hook in the inbound path (inside its transaction). A new conversation in the inbox is
 * routed (and made a ticket, if the channel says so); a customer's reply to a conversation whose
 * assignee is away is reassigned when the channel asks for it. Auto-replies and Filtered, Spam or
 * blocked mail never trigger routing.
 */
export async function queueRouting(
  w: Writer,
  channel: ChannelsTable,
  conv: ConversationsTable,
  m: { created: boolean; autoReply?: boolean; messageId: string },
): Promise<void> {
  // A bot's conversation is routed when the bot hands it over.
  if (m.autoReply || conv.folder !== 'inbox' || conv.is_bot) return;
  const routing = routingOf(channel);
  if (m.created) {
    if (routing.mode === 'unassigned' && !ticketingOf(channel).enabled) return;
    await enqueue(w.trx, ROUTE_JOB, { conversationId: conv.id, trigger: 'new' }, { dedupeKey: `route:${conv.id}` });
    return;
  }
  if (!routing.reassignWhenAway || routing.mode === 'unassigned' || !conv.assignee_id) return;
  const a = await w.trx.selectFrom('users').select('availability').where('id', '=', conv.assignee_id).executeTakeFirst();
  if (a?.availability !== 'away') return;
  await enqueue(w.trx, ROUTE_JOB, { conversationId: conv.id, trigger: 'reply' }, { dedupeKey: `route:${conv.id}:${m.messageId}` });
}

interface Candidate {
  id: string;
  name: string;
  /** Why they cannot take it (null: eligible); `minutes` for `idle`. */
  why: RoutingSkipReason | null;
  minutes?: number;
}

async function inboxAccess(trx: Trx, inboxId: string) {
  const inbox = await trx.selectFrom('inboxes').select('access_mode').where('id', '=', inboxId).executeTakeFirstOrThrow();
  const userIds = (await trx.selectFrom('inbox_users').select('user_id').where('inbox_id', '=', inboxId).execute()).map((r) => r.user_id);
  const teamIds = (await trx.selectFrom('inbox_teams').select('team_id').where('inbox_id', '=', inboxId).execute()).map((r) => r.team_id);
  return { mode: inbox.access_mode, userIds, teamIds };
}

/** Each user with why they cannot take the conversation (null: eligible). */
async function candidates(
  trx: Trx,
  inboxId: string,
  userIds: string[],
  r: Pick<RoutingSettings, 'availableOnly'>,
  exclude: string | null,
): Promise<Candidate[]> {
  if (!userIds.length) return [];
  const users = await trx
    .selectFrom('users')
    .select(['id', 'name', 'paid_seat', 'availability', 'deactivated_at'])
    .where('id', 'in', userIds)
    .orderBy('id')
    .execute();
  const teams = await trx.selectFrom('team_members').select(['user_id', 'team_id']).where('user_id', 'in', userIds).execute();
  const access = await inboxAccess(trx, inboxId);
  const idle = r.availableOnly
    ? await autoAwayUsers(
        trx,
        users.map((u) => u.id),
      )
    : null;
  return users.map((u): Candidate => {
    let why: RoutingSkipReason | null = null;
    if (u.id === exclude) why = 'away';
    else if (u.deactivated_at) why = 'deactivated';
    else if (!isMemberByAccess(access, { id: u.id, teamIds: teams.filter((t) => t.user_id === u.id).map((t) => t.team_id) }))
      why = 'not_member';
    else if (u.paid_seat !== 1) why = 'no_seat';
    else if (r.availableOnly && u.availability === 'away') why = 'away';
    else if (idle?.ids.has(u.id)) return { id: u.id, name: u.name, why: 'idle', minutes: idle.minutes };
    return { id: u.id, name: u.name, why };
  });
}

interface Decision {
  assigneeId: string | null;
  fact: RoutingFact;
}

const skipOf = (c: Candidate): RoutingSkip => ({ name: c.name, why: c.why!, ...(c.minutes !== undefined ? { minutes: c.minutes } : {}) });

const whyText: Record<RoutingSkipReason, (minutes?: number) => string> = {
  away: () => 'away',
  deactivated: () => 'deactivated',
  not_member: () => 'not a member of this inbox',
  no_seat: () => 'no paid seat',
  idle: (minutes) => `away: app not open for ${minutes} min`,
};

/** The English sentence of a routing fact: the API's `routingReason` and the timeline line's `text` (the app words the fact). */
export function routingReasonText(f: RoutingFact): string {
  const parts: string[] = [];
  if (f.awayAssignee) parts.push(`The contact replied while ${f.awayAssignee} is away.`);
  const o = f.owner;
  let note: string | null = null;
  if (o?.outcome === 'given') parts.push(`Given to the contact's owner, ${o.name}`);
  else if (o?.outcome === 'none') note = 'The contact has no owner';
  else if (o) note = `The contact's owner ${o.name} cannot take it (${whyText[o.why](o.minutes)})`;
  const rr = f.roundRobin;
  if (note) parts.push(rr ? `${note}.` : `${note}: left unassigned`);
  if (rr) {
    const group = rr.group.join(', ') || 'no one';
    const skipped = rr.skipped.map((x) => `${x.name} (${whyText[x.why](x.minutes)})`).join(', ');
    parts.push(
      `Round robin among ${group}: ${rr.to ? `given to ${rr.to}` : 'no one available, left unassigned'}${skipped ? `; skipped ${skipped}` : ''}`,
    );
  }
  return parts.join(' ');
}

async function roundRobin(
  ctx: Ctx,
  w: Writer,
  channel: ChannelsTable,
  conv: ConversationsTable,
  r: RoutingSettings,
  exclude: string | null,
): Promise<Decision> {
  const t = w.trx;
  const teams = r.teamIds.length
    ? await t.selectFrom('teams').select(['id', 'name']).where('id', 'in', r.teamIds).orderBy('name').execute()
    : [];
  const fromTeams = teams.length
    ? (
        await t
          .selectFrom('team_members')
          .select('user_id')
          .where(
            'team_id',
            'in',
            teams.map((x) => x.id),
          )
          .execute()
      ).map((x) => x.user_id)
    : [];
  const direct = r.userIds.length
    ? await t.selectFrom('users').select(['id', 'name']).where('id', 'in', r.userIds).orderBy('name').execute()
    : [];
  const group = [...teams.map((x) => x.name), ...direct.map((x) => x.name)];
  const all = await candidates(t, conv.inbox_id, [...new Set([...fromTeams, ...direct.map((d) => d.id)])], r, exclude);
  const eligible = all.filter((c) => !c.why);
  const skipped = all.filter((c) => c.why).map(skipOf);
  if (!eligible.length) return { assigneeId: null, fact: { kind: 'routing', roundRobin: { group, to: null, skipped } } };

  // The cursor row is locked until commit: concurrent jobs (any process) take turns on it.
  await t
    .insertInto('routing_cursors')
    .values({ channel_id: channel.id, last_user_id: null, updated_at: w.at })
    .onConflict((oc) => oc.column('channel_id').doNothing())
    .execute();
  const cursor = await forUpdate(
    ctx.db.engine,
    t.selectFrom('routing_cursors').select('last_user_id').where('channel_id', '=', channel.id),
  ).executeTakeFirstOrThrow();
  const last = cursor.last_user_id;
  const next = (last && eligible.find((c) => c.id > last)) || eligible[0]!;
  await t.updateTable('routing_cursors').set({ last_user_id: next.id, updated_at: w.at }).where('channel_id', '=', channel.id).execute();
  return { assigneeId: next.id, fact: { kind: 'routing', roundRobin: { group, to: next.name, skipped } } };
}

async function decide(
  ctx: Ctx,
  w: Writer,
  channel: ChannelsTable,
  conv: ConversationsTable,
  r: RoutingSettings,
  exclude: string | null,
): Promise<Decision> {
  if (r.mode === 'contact_owner') {
    const contact = conv.contact_id
      ? await w.trx.selectFrom('contacts').select('owner_id').where('id', '=', conv.contact_id).executeTakeFirst()
      : undefined;
    let owner: RoutingFact['owner'] = { outcome: 'none' };
    if (contact?.owner_id) {
      const [o] = await candidates(w.trx, conv.inbox_id, [contact.owner_id], r, exclude);
      if (o && !o.why) return { assigneeId: o.id, fact: { kind: 'routing', owner: { outcome: 'given', name: o.name } } };
      if (o) owner = { outcome: 'cannot', ...skipOf(o) };
    }
    if (!r.userIds.length && !r.teamIds.length) return { assigneeId: null, fact: { kind: 'routing', owner } };
    const rr = await roundRobin(ctx, w, channel, conv, r, exclude);
    return { ...rr, fact: { ...rr.fact, owner } };
  }
  return roundRobin(ctx, w, channel, conv, r, exclude);
}

/** Stores why (the fact, and its English sentence for the API) and assigns; the timeline line carries the fact too. */
async function record(w: Writer, conv: ConversationsTable, d: Decision): Promise<ConversationsTable> {
  const reason = routingReasonText(d.fact);
  const row = { assignee_id: d.assigneeId, reason, fact: JSON.stringify(d.fact), created_at: w.at };
  await w.trx
    .insertInto('conversation_routing')
    .values({ conversation_id: conv.id, ...row })
    .onConflict((oc) => oc.column('conversation_id').doUpdateSet(row))
    .execute();
  if (d.assigneeId && d.assigneeId !== conv.assignee_id)
    return changeConversation(w, conv, { assignee_id: d.assigneeId }, reason, null, d.fact);
  await insertSystemMessage(w, conv, reason, null, d.fact);
  return conv;
}

/** The job: route a new conversation (and make it a ticket), or reassign after a reply while the assignee is away. */
export async function routeConversation(
  ctx: Ctx,
  payload: { conversationId: string; trigger: 'new' | 'reply'; handoff?: HandoffTarget },
): Promise<void> {
  await write(ctx, async (w) => {
    let conv = await w.trx.selectFrom('conversations').selectAll().where('id', '=', payload.conversationId).executeTakeFirst();
    // Moved to Spam/Trash/Filtered, or deleted, before the job ran: nothing to route.
    if (!conv || conv.folder !== 'inbox') return;
    const channel = await w.trx.selectFrom('channels').selectAll().where('id', '=', conv.channel_id).executeTakeFirstOrThrow();
    const r = handoffRouting(routingOf(channel), payload.handoff);
    if (payload.trigger === 'reply') {
      if (!conv.assignee_id || r.mode === 'unassigned') return;
      const a = await w.trx.selectFrom('users').select(['name', 'availability']).where('id', '=', conv.assignee_id).executeTakeFirst();
      if (a?.availability !== 'away') return;
      const d = await decide(ctx, w, channel, conv, { ...r, availableOnly: true }, conv.assignee_id);
      // Nobody else available: the away assignee keeps it (say so, rather than silently unassigning).
      await record(w, conv, { assigneeId: d.assigneeId, fact: { ...d.fact, awayAssignee: a.name } });
      return;
    }
    // An agent who took it before the job ran keeps it.
    if (r.mode !== 'unassigned' && !conv.assignee_id) conv = await record(w, conv, await decide(ctx, w, channel, conv, r, null));
    const ticketing = ticketingOf(channel);
    if (ticketing.enabled) {
      const has = await w.trx.selectFrom('tickets').select('id').where('conversation_id', '=', conv.id).executeTakeFirst();
      if (!has) {
        const ticket = {
          title: conv.subject || conv.preview.slice(0, 120) || mailT(channelLanguage(channel))('ticket.defaultTitle'),
          ownerId: ticketing.ownerId ?? conv.assignee_id,
          conversation: conv,
          createdBy: null,
        };
        // A stage that no longer exists must not block routing: fall back to the default pipeline.
        await insertTicket(w, { ...ticket, pipelineId: ticketing.pipelineId, stageId: ticketing.stageId }).catch((e) => {
          // So must an owner who has since left: the conversation's owner takes the ticket.
          if (e instanceof DomainError && e.code === 'invalid') return insertTicket(w, { ...ticket, ownerId: conv.assignee_id });
          throw e;
        });
      }
    }
  });
}

/** Routing and ticketing settings of any channel kind (admins); the route answers with the channel as GET shows it. */
export async function updateChannelRouting(
  ctx: Ctx,
  actor: Actor,
  channelId: string,
  input: { routing?: RoutingSettings; ticketing?: TicketingSettings },
): Promise<void> {
  const c = await ctx.db.kysely.selectFrom('channels').selectAll().where('id', '=', channelId).executeTakeFirst();
  if (!c) throw notFound('Channel not found');
  try {
    authorizeChannelSettings(actor, c.inbox_id);
  } catch (e) {
    if ((e as { code?: string }).code === 'not_found') throw notFound('Channel not found');
    throw e;
  }
  await write(ctx, async (w) => {
    const settings = decodeJson<Record<string, unknown>>(
      (await w.trx.selectFrom('channels').select('settings').where('id', '=', channelId).executeTakeFirstOrThrow()).settings,
      {},
    );
    if (input.routing) {
      const r = input.routing;
      const userIds = [...new Set(r.userIds)];
      const teamIds = [...new Set(r.teamIds)];
      if (userIds.length && (await w.trx.selectFrom('users').select('id').where('id', 'in', userIds).execute()).length !== userIds.length)
        throw invalid('routing.userIds', 'contains an unknown user', 'unknown_user');
      if (teamIds.length && (await w.trx.selectFrom('teams').select('id').where('id', 'in', teamIds).execute()).length !== teamIds.length)
        throw invalid('routing.teamIds', 'contains an unknown team', 'unknown_team');
      if (r.mode === 'specific' && !userIds.length && !teamIds.length)
        throw invalid('routing.userIds', 'choose at least one user or team to assign to', 'choose_someone');
      settings.routing = { ...r, userIds, teamIds };
    }
    if (input.ticketing) {
      const t = input.ticketing;
      const s = t.pipelineId || t.stageId ? await resolveStage(w.trx, t.pipelineId, t.stageId) : null;
      if (
        t.ownerId &&
        !(await w.trx.selectFrom('users').select('id').where('id', '=', t.ownerId).where('deactivated_at', 'is', null).executeTakeFirst())
      )
        throw invalid('ticketing.ownerId', 'is not an active user', 'not_a_user');
      settings.ticketing = {
        enabled: t.enabled,
        pipelineId: s?.pipelineId ?? null,
        stageId: t.stageId ? s!.stageId : null,
        ownerId: t.ownerId,
      };
    }
    await w.trx
      .updateTable('channels')
      .set({ settings: encodeJson(settings) })
      .where('id', '=', channelId)
      .execute();
    w.emit({ type: 'inbox.updated', inboxId: c.inbox_id, payload: { inboxId: c.inbox_id, channelId } });
  });
}
