/**
 * Who a committed event notifies, and of what kind. Candidates come from the event (an assignee, the
 * mentioned, an inbox's members); each is then checked with the policy on their own actor, so a
 * notification never reaches someone who may not read the conversation. Actors are kept between
 * events and forgotten whenever users, teams or inbox access may have changed (the subscriber sees
 * those events in order).
 */
import type { ConversationRow, MessageOut } from '../../common/api.js';
import type { NotificationData, NotificationKind } from '../../common/notification-api.js';
import type { StoredEvent } from '../events/events.js';
import { canReadInbox, isInboxMember, type Actor } from '../permissions/policy.js';
import { loadActor } from './auth.js';
import type { Ctx } from './context.js';

export interface Recipient {
  userId: string;
  kind: NotificationKind;
  actorId: string | null;
  data: NotificationData;
}

/** Events after which a kept actor may be wrong. */
const ACCESS_EVENTS = new Set(['user.updated', 'inbox.created', 'inbox.updated', 'inbox.deleted']);

const EXCERPT = 200;
const excerptOf = (text: string | undefined) => (text ? text.replace(/\s+/g, ' ').trim().slice(0, EXCERPT) : null);

export class RecipientFinder {
  private actors = new Map<string, Actor | null>();
  private users: Promise<Map<string, { name: string }>> | null = null;
  private teams = new Map<string, { name: string; members: string[] }>();

  constructor(private readonly ctx: Ctx) {}

  /** Forgets what an event may have changed. */
  seen(e: StoredEvent): void {
    if (!ACCESS_EVENTS.has(e.type)) return;
    this.actors.clear();
    this.users = null;
    this.teams.clear();
  }

  private actor(id: string): Promise<Actor | null> {
    const kept = this.actors.get(id);
    if (kept !== undefined) return Promise.resolve(kept);
    return loadActor(this.ctx, id).then((a) => {
      const usable = a && !a.deactivated ? a : null;
      this.actors.set(id, usable);
      return usable;
    });
  }

  /** Active users by id, with their names. */
  private activeUsers(): Promise<Map<string, { name: string }>> {
    return (this.users ??= this.ctx.db.kysely
      .selectFrom('users')
      .select(['id', 'name'])
      .where('deactivated_at', 'is', null)
      .execute()
      .then((rows) => new Map(rows.map((r) => [r.id, { name: r.name }]))));
  }

  private async team(teamId: string): Promise<{ name: string; members: string[] }> {
    const kept = this.teams.get(teamId);
    if (kept) return kept;
    const k = this.ctx.db.kysely;
    const [t, rows] = await Promise.all([
      k.selectFrom('teams').select('name').where('id', '=', teamId).executeTakeFirst(),
      k.selectFrom('team_members').select('user_id').where('team_id', '=', teamId).execute(),
    ]);
    const team = { name: t?.name ?? '', members: rows.map((r) => r.user_id) };
    this.teams.set(teamId, team);
    return team;
  }

  async nameOf(userId: string | null): Promise<string | null> {
    return userId ? ((await this.activeUsers()).get(userId)?.name ?? null) : null;
  }

  /** The recipients of one event, each allowed by the policy to read its conversation. */
  async of(e: StoredEvent): Promise<Recipient[]> {
    if (!e.inboxId || !e.conversationId) return [];
    const candidates = await this.candidates(e);
    const out: Recipient[] = [];
    for (const c of candidates) {
      if (c.userId === c.actorId) continue;
      const a = await this.actor(c.userId);
      if (!a || !canReadInbox(a, e.inboxId)) continue;
      if ((c.kind.startsWith('new_conversation_') || c.kind === 'handover') && !isInboxMember(a, e.inboxId)) continue;
      out.push(c);
    }
    return out;
  }

  private async candidates(e: StoredEvent): Promise<Recipient[]> {
    const p = e.payload as { conversation?: ConversationRow; message?: MessageOut; changes?: string[]; actorId?: string | null };
    const conv = p.conversation;
    const about = (extra: NotificationData = {}): NotificationData => ({
      subject: conv?.subject ?? null,
      contactName: conv?.contact?.name ?? conv?.contact?.email ?? null,
      channelKind: conv?.channel ?? null,
      ...extra,
    });
    switch (e.type) {
      case 'conversation.created': {
        // A bot's conversation waits in the Bots view: people hear of it when the bot hands it over.
        if (!conv || conv.isBot) return [];
        const kind = `new_conversation_${conv.channel}` as NotificationKind;
        const author = p.message?.author?.type === 'user' ? p.message.author.id : null;
        const users = await this.activeUsers();
        return [...users.keys()].map((userId) => ({ userId, kind, actorId: author, data: about({ excerpt: excerptOf(p.message?.text) }) }));
      }
      case 'conversation.updated': {
        const changes = p.changes ?? [];
        if (!conv || conv.status === 'closed') return [];
        const actorId = p.actorId ?? null;
        // A bot handed the conversation over (an agent taking over is no news): its team, else everyone in the inbox.
        if (changes.includes('is_bot') && !actorId) {
          const userIds = conv.teamId ? (await this.team(conv.teamId)).members : [...(await this.activeUsers()).keys()];
          return userIds.map((userId) => ({ userId, kind: 'handover' as const, actorId: null, data: about() }));
        }
        if (changes.includes('assignee_id') && conv.assignee)
          return [{ userId: conv.assignee.id, kind: 'assigned', actorId, data: about() }];
        if (changes.includes('team_id') && conv.teamId && !conv.assignee) {
          const team = await this.team(conv.teamId);
          return team.members.map((userId) => ({ userId, kind: 'team_assigned' as const, actorId, data: about({ teamName: team.name }) }));
        }
        return [];
      }
      case 'message.created': {
        const m = p.message;
        if (!m) return [];
        if (m.kind === 'comment' && m.mentions.length) {
          const actorId = m.author?.type === 'user' ? m.author.id : null;
          return m.mentions.map((userId) => ({ userId, kind: 'mention' as const, actorId, data: about({ excerpt: excerptOf(m.text) }) }));
        }
        // A customer writing in a conversation someone is assigned to (the first message is the new conversation).
        if (m.kind === 'incoming' && conv?.assignee && !e.internal)
          return [{ userId: conv.assignee.id, kind: 'new_message', actorId: null, data: about({ excerpt: excerptOf(m.text) }) }];
        return [];
      }
      default:
        return [];
    }
  }
}
