/** The `chat` adapter: agents' replies pushed to the visitor's sockets (in every process), and by email to a visitor who left one. */
import { prepared } from '../../db/prepared.js';
import type { Ctx } from '../../domain/context.js';
import { visitorMaySeeMessage } from '../../permissions/policy.js';
import { followUpMarker } from './email-capture.js';
import { toVisitorMessage, visitorOfConversation } from './history.js';
import type { VisitorSockets } from './visitor-sockets.js';

export function registerChatAdapter(ctx: Ctx, sockets: VisitorSockets): void {
  ctx.adapters.set('chat', {
    kind: 'chat',
    disconnect(channelId, visitorKey) {
      sockets.drop(channelId, visitorKey);
    },
    async deliver(ctx2, channel, m) {
      const key = await visitorOfConversation(ctx2, m.conversation_id);
      if (!key || !visitorMaySeeMessage(m)) return null;
      const u = m.author_user_id
        ? await ctx2.db.kysely
            .selectFrom('users')
            .select(['name', 'avatar_url', 'meeting_link'])
            .where('id', '=', m.author_user_id)
            .executeTakeFirst()
        : undefined;
      sockets.push(channel.id, key, {
        type: 'message',
        message: toVisitorMessage(m, u ? { name: u.name, avatarUrl: u.avatar_url, meetingLink: u.meeting_link } : null),
      });
      // A visitor who left an email (nobody was available) gets the reply by email too, through the
      // inbox's email channel; a held or failed send retries the job (the widget ignores repeats).
      const followUp = (await followUpOf(ctx2.db, ctx2.db.kysely, [channel.id, followUpMarker(m.conversation_id)])).rows[0];
      const email = followUp ? ctx2.adapters.get('email') : undefined;
      if (email) {
        const via = await ctx2.db.kysely
          .selectFrom('channels')
          .selectAll()
          .where('inbox_id', '=', channel.inbox_id)
          .where('kind', '=', 'email')
          .orderBy('created_at')
          .executeTakeFirst();
        // To the address the visitor left (kept on the marker), never the contact's address of now.
        const to = followUp?.reply_to ? `{"to":${followUp.reply_to},"cc":[]}` : null;
        if (via) return email.deliver(ctx2, via, { ...m, recipients: m.recipients ?? to });
      }
      // Otherwise a visitor who is away sees it in the history on the next connect: the reply is delivered.
      return null;
    },
  });
}

// Prepared (prepared.ts): read for every message pushed to a visitor.
const followUpOf = prepared((k, $) =>
  k.selectFrom('messages').select(['id', 'reply_to']).where('channel_id', '=', $(0)).where('external_id', '=', $(1)),
);
