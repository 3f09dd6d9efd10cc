import { prepared } from '../db/prepared.js';
import { readConversationNotifications } from './notifications.js';
import { z } from 'zod';
import type { ConversationOut } from '../../common/api.js';
import type { TimelineFact } from '../../common/timeline.js';
import type { Trx } from '../db/database.js';
import { removeSearchDocs } from '../db/search.js';
import type { ConversationsTable } from '../db/schema.js';
import {
  authorizeConversation,
  conversationAbilities,
  isInboxMember,
  teamHasInboxAccess,
  type Actor,
  type ConversationAction,
} from '../permissions/policy.js';
import { write, type Ctx, type Writer } from './context.js';
import { loadActor } from './auth.js';
import { adjustCounts } from './counts.js';
import { clocksOn } from './report-facts.js';
import { takeOverFromBot } from './bot-sessions.js';
import { conversationRowQuery, presentRow, type ConversationRecord } from './conversation-list.js';
import { writeBlocked } from './contacts.js';
import { invalid, notFound } from './errors.js';
import { insertSystemMessage } from './messages.js';
import { enqueue, jobKind } from '../db/job-queue.js';
import { replyRefusedOf } from './reply-window.js';
import { routingReasonOf } from './routing-reason.js';

export async function loadConversation(q: Trx | Ctx['db']['kysely'], id: string): Promise<ConversationsTable | undefined> {
  return q.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Loads and authorizes; unknown and unreadable look the same (not found). */
export async function conversationFor(
  ctx: Ctx,
  actor: Actor,
  id: string,
  action: ConversationAction | 'read',
): Promise<ConversationsTable> {
  const c = await loadConversation(ctx.db.kysely, id);
  if (!c) throw notFound('Conversation not found');
  authorizeConversation(actor, { inboxId: c.inbox_id, folder: c.folder }, action);
  return c;
}

export async function getConversation(ctx: Ctx, actor: Actor, id: string): Promise<ConversationOut> {
  const r = await conversationRowQuery(ctx, actor.id).where('c.id', '=', id).executeTakeFirst();
  if (!r) throw notFound('Conversation not found');
  authorizeConversation(actor, { inboxId: r.inbox_id, folder: r.folder }, 'read');
  const routing = await routingReasonOf(ctx, id);
  const refused = replyRefusedOf(r, ctx.clock?.() ?? new Date());
  return {
    ...presentRow(r),
    channelId: r.channel_id,
    closedAt: r.closed_at,
    firstResponseAt: r.first_response_at,
    abilities: conversationAbilities(actor, { inboxId: r.inbox_id, folder: r.folder }),
    routingReason: routing.reason,
    routingFact: routing.fact,
    ...(refused ? { replyRefused: refused } : {}),
  };
}

/** The actor-independent row for event payloads, from rows already at hand (no query). */
export function eventRowOf(
  c: ConversationsTable,
  contact: { name: string | null; email: string | null } | null,
  assignee: { name: string; avatar_url: string | null } | null,
) {
  const { unread: _u, ...row } = presentRow({
    ...c,
    contact_name: contact?.name ?? null,
    contact_email: contact?.email ?? null,
    assignee_name: assignee?.name ?? null,
    assignee_avatar: assignee?.avatar_url ?? null,
    read_at: null,
  } as ConversationRecord);
  return row;
}

// Prepared (prepared.ts): read for every message.
const eventRow = prepared((k, $) =>
  k
    .selectFrom('conversations as c')
    .leftJoin('contacts as ct', 'ct.id', 'c.contact_id')
    .leftJoin('users as u', 'u.id', 'c.assignee_id')
    .select([
      'c.id',
      'c.inbox_id',
      'c.subject',
      'c.preview',
      'c.channel_kind',
      'c.status',
      'c.folder',
      'c.team_id',
      'c.is_bot',
      'c.last_message_at',
      'c.created_at',
      'c.contact_id',
      'c.contact_erased_at',
      'ct.name as contact_name',
      'ct.email as contact_email',
      'c.assignee_id',
      'u.name as assignee_name',
      'u.avatar_url as assignee_avatar',
    ])
    .where('c.id', '=', $(0)),
);

/** The actor-independent row, for event payloads. */
export async function rowForEvent(w: Writer, id: string) {
  const r = (await eventRow(w.db, w.trx, [id])).rows[0];
  if (!r) throw new Error(`conversation ${id} not found`);
  const { unread: _u, ...row } = presentRow({
    ...r,
    last_incoming_at: null,
    read_at: null,
    channel_id: '',
    closed_at: null,
    first_response_at: null,
  });
  return row;
}

/** Applies a change to one conversation: the row, counts, a timeline line, and the event. */
export async function changeConversation(
  w: Writer,
  before: ConversationsTable,
  set: Partial<ConversationsTable>,
  timeline: string | null,
  actorId: string | null,
  fact?: TimelineFact,
) {
  const changed = { ...before, ...set };
  const clocks = clocksOn(w, before, changed, actorId ? { by: 'person', userId: actorId } : { by: 'system' });
  const after = { ...changed, ...clocks };
  await w.trx
    .updateTable('conversations')
    .set({ ...set, ...clocks })
    .where('id', '=', before.id)
    .execute();
  adjustCounts(w, before, after);
  if (timeline) await insertSystemMessage(w, after, timeline, actorId, fact);
  w.emit({
    type: 'conversation.updated',
    inboxId: before.inbox_id,
    conversationId: before.id,
    payload: { conversation: await rowForEvent(w, before.id), changes: Object.keys(set), actorId },
  });
  return after;
}

async function nameOf(trx: Trx, table: 'users' | 'teams', id: string): Promise<string | null> {
  const r = await trx.selectFrom(table).select('name').where('id', '=', id).executeTakeFirst();
  return r?.name ?? null;
}

async function inboxAccessOf(trx: Trx, inboxId: string): Promise<{ mode: 'everyone' | 'specific'; teamIds: string[] }> {
  const inbox = await trx.selectFrom('inboxes').select('access_mode').where('id', '=', inboxId).executeTakeFirstOrThrow();
  const teams = await trx.selectFrom('inbox_teams').select('team_id').where('inbox_id', '=', inboxId).execute();
  return { mode: inbox.access_mode, teamIds: teams.map((t) => t.team_id) };
}

export interface ConversationChanges {
  status?: 'open' | 'closed';
  assigneeId?: string | null;
  teamId?: string | null;
}

export async function updateConversation(ctx: Ctx, actor: Actor, id: string, input: ConversationChanges): Promise<ConversationOut> {
  const needsAssign = input.assigneeId !== undefined || input.teamId !== undefined;
  const c = await conversationFor(ctx, actor, id, needsAssign ? 'assign' : 'close');
  if (needsAssign && input.status !== undefined) authorizeConversation(actor, { inboxId: c.inbox_id, folder: c.folder }, 'close');
  if (input.assigneeId) {
    // Assigning to someone who cannot act there would leave the conversation stuck.
    const target = await loadActor(ctx, input.assigneeId);
    if (!target) throw invalid('assigneeId', 'is not a user', 'not_a_user');
    if (target.deactivated) throw invalid('assigneeId', 'is deactivated', 'deactivated');
    if (!isInboxMember(target, c.inbox_id)) throw invalid('assigneeId', 'is not a member of this inbox', 'not_inbox_member');
  }
  await write(ctx, async (w) => {
    const me = (await nameOf(w.trx, 'users', actor.id)) ?? 'Someone';
    // Giving a bot's conversation to someone (or closing it) ends the bot's hold on it.
    let cur = input.assigneeId || input.status === 'closed' ? await takeOverFromBot(w, c, actor.id) : c;
    if (input.assigneeId !== undefined && input.assigneeId !== cur.assignee_id) {
      let line = `${me} unassigned this conversation`;
      let fact: TimelineFact = { kind: 'unassigned', actor: me };
      if (input.assigneeId) {
        const name = await nameOf(w.trx, 'users', input.assigneeId);
        line = input.assigneeId === actor.id ? `${me} took this conversation` : `${me} assigned this conversation to ${name}`;
        fact = input.assigneeId === actor.id ? { kind: 'took', actor: me } : { kind: 'assigned', actor: me, to: name ?? '' };
      }
      cur = await changeConversation(w, cur, { assignee_id: input.assigneeId }, line, actor.id, fact);
    }
    if (input.teamId !== undefined && input.teamId !== cur.team_id) {
      let line = `${me} removed the team`;
      let fact: TimelineFact = { kind: 'team_removed', actor: me };
      if (input.teamId) {
        const name = await nameOf(w.trx, 'teams', input.teamId);
        if (!name) throw invalid('teamId', 'is not a team', 'not_a_team');
        if (!teamHasInboxAccess(await inboxAccessOf(w.trx, cur.inbox_id), input.teamId))
          throw invalid('teamId', 'has no access to this inbox', 'no_inbox_access');
        line = `${me} assigned this conversation to team ${name}`;
        fact = { kind: 'team', actor: me, team: name };
      }
      cur = await changeConversation(w, cur, { team_id: input.teamId }, line, actor.id, fact);
    }
    if (input.status !== undefined && input.status !== cur.status) {
      const closed = input.status === 'closed';
      cur = await changeConversation(
        w,
        cur,
        { status: input.status, closed_at: closed ? w.at : null },
        closed ? `${me} closed this conversation` : `${me} reopened this conversation`,
        actor.id,
        { kind: closed ? 'closed' : 'reopened', actor: me },
      );
    }
  });
  return getConversation(ctx, actor, id);
}

const folderMoves = {
  trash: { from: ['inbox', 'filtered', 'spam'], to: 'trash', action: 'trash', line: 'moved this conversation to Trash' },
  restore: { from: ['trash'], to: 'inbox', action: 'trash', line: 'restored this conversation from Trash' },
  spam: { from: ['inbox', 'filtered'], to: 'spam', action: 'spam', line: 'marked this conversation as spam' },
  'not-spam': { from: ['spam'], to: 'inbox', action: 'spam', line: 'marked this conversation as not spam' },
  release: { from: ['filtered'], to: 'inbox', action: 'block', line: 'moved this conversation from Filtered to the inbox' },
} as const;

export type FolderMove = keyof typeof folderMoves;

export async function moveConversation(ctx: Ctx, actor: Actor, id: string, move: FolderMove): Promise<ConversationOut> {
  const m = folderMoves[move];
  const c = await conversationFor(ctx, actor, id, m.action);
  if (!(m.from as readonly string[]).includes(c.folder)) {
    throw invalid('folder', `a conversation in ${c.folder} cannot be moved this way`, 'wrong_folder');
  }
  await write(ctx, async (w) => {
    const me = (await nameOf(w.trx, 'users', actor.id)) ?? 'Someone';
    await changeConversation(w, c, { folder: m.to }, `${me} ${m.line}`, actor.id, { kind: 'folder', actor: me, move });
  });
  return getConversation(ctx, actor, id);
}

/**
 * Block sender from a conversation (the help articles' "More > Block sender"): the contact is blocked and
 * this conversation moves to Filtered with it. Unblocking from Filtered brings it back to the inbox. One write.
 */
export async function blockSender(ctx: Ctx, actor: Actor, id: string, blocked: boolean): Promise<ConversationOut> {
  const c = await conversationFor(ctx, actor, id, 'block');
  if (!c.contact_id) throw invalid('contact', 'this conversation has no contact to block', 'no_contact');
  const contactId = c.contact_id;
  await write(ctx, async (w) => {
    await writeBlocked(w, actor, contactId, blocked);
    const cur = await loadConversation(w.trx, id);
    const move = blocked ? cur?.folder === 'inbox' && 'block' : cur?.folder === 'filtered' && 'unblock';
    if (!cur || !move) return;
    const me = (await nameOf(w.trx, 'users', actor.id)) ?? 'Someone';
    const line = blocked
      ? 'blocked the sender and moved this conversation to Filtered'
      : 'unblocked the sender and moved this conversation to the inbox';
    await changeConversation(w, cur, { folder: blocked ? 'filtered' : 'inbox' }, `${me} ${line}`, actor.id, {
      kind: 'folder',
      actor: me,
      move,
    });
  });
  return getConversation(ctx, actor, id);
}

/** Deletes forever, and only from Trash. */
export async function deleteConversation(ctx: Ctx, actor: Actor, id: string): Promise<void> {
  const c = await conversationFor(ctx, actor, id, 'delete');
  await write(ctx, async (w) => {
    await removeSearchDocs(ctx.db, w.trx, { conversationId: id });
    await w.trx.deleteFrom('conversations').where('id', '=', id).execute();
    adjustCounts(w, c, null);
    w.emit({ type: 'conversation.deleted', inboxId: c.inbox_id, conversationId: id, payload: { conversationId: id } });
  });
}

/** `messenger-mark-seen`: Messenger's `mark_seen` sender action when an agent opens the conversation (`jobs/messenger-mark-seen.ts`). */
export const MARK_SEEN_JOB = jobKind('messenger-mark-seen', z.object({ conversationId: z.string() }));

export async function markRead(ctx: Ctx, actor: Actor, id: string): Promise<void> {
  const c = await conversationFor(ctx, actor, id, 'read');
  const at = new Date().toISOString();
  await ctx.db.kysely
    .insertInto('conversation_reads')
    .values({ conversation_id: id, user_id: actor.id, read_at: at })
    .onConflict((oc) => oc.columns(['conversation_id', 'user_id']).doUpdateSet({ read_at: at }))
    .execute();
  // Messenger: the customer sees their message as seen, once per message of theirs (a job: nothing is sent from a request).
  if (c.channel_kind === 'messenger' && c.last_incoming_at)
    await ctx.db.transaction((trx) =>
      enqueue(trx, MARK_SEEN_JOB, { conversationId: id }, { dedupeKey: `messenger-seen:${id}:${c.last_incoming_at}` }),
    );
  await readConversationNotifications(ctx, actor.id, id);
}
