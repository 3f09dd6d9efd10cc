/**
 * An inbox's getting-started checklist: its fallback address and which first steps are done. At most five
 * small indexed reads whatever the size of the account (the inbox, its counts, its channels, one other active
 * user, and one incoming email conversation, looked for only when the counts show email but no mailbox is
 * connected): it is read every time an empty inbox is shown.
 */
import type { GettingStartedOut } from '../../common/api.js';
import { authorizeInbox, isAdmin, type Actor } from '../permissions/policy.js';
import type { Ctx } from './context.js';
import { notFound } from './errors.js';
import { fallbackAddress } from './inboxes.js';

export async function gettingStarted(ctx: Ctx, actor: Actor, inboxId: string): Promise<GettingStartedOut> {
  authorizeInbox(actor, inboxId, 'read');
  const k = ctx.db.kysely;
  const inbox = await k.selectFrom('inboxes').select('slug').where('id', '=', inboxId).executeTakeFirst();
  if (!inbox) throw notFound('Inbox not found');
  // The counts table holds a row per (folder, status, channel, assignee): every conversation of the inbox, kept in step.
  const counts = await k
    .selectFrom('conversation_counts')
    .select(['channel_kind', 'n'])
    .where('inbox_id', '=', inboxId)
    .where('n', '>', 0)
    .execute();
  const received = (kind: string) => counts.some((c) => c.channel_kind === kind);
  const out: GettingStartedOut = { inboxId, fallbackAddress: fallbackAddress(ctx, inbox.slug), empty: counts.length === 0, steps: [] };
  // Connecting a mailbox or a chat and inviting people are settings: only admins are offered them.
  if (!isAdmin(actor)) return out;
  const channels = await k
    .selectFrom('channels')
    .select(['kind', 'address'])
    .where('inbox_id', '=', inboxId)
    .where('kind', 'in', ['email', 'chat'])
    .execute();
  const others = await k
    .selectFrom('users')
    .select('id')
    .where('deactivated_at', 'is', null)
    .where('id', '!=', actor.id)
    .limit(1)
    .executeTakeFirst();
  // A mailbox channel has its own address; the fallback channel's is derived (null in the row).
  const mailbox = channels.some((c) => c.kind === 'email' && c.address !== null);
  const chat = channels.some((c) => c.kind === 'chat');
  // Email conversations may all be ones an agent started: the mailbox step wants mail that came in.
  const mailIn =
    !mailbox &&
    received('email') &&
    Boolean(
      await k
        .selectFrom('conversations')
        .select('id')
        .where('inbox_id', '=', inboxId)
        .where('channel_kind', '=', 'email')
        .where('last_incoming_at', 'is not', null)
        .limit(1)
        .executeTakeFirst(),
    );
  out.steps = [
    { key: 'mailbox', done: mailbox || mailIn, started: mailbox },
    { key: 'chat', done: chat && received('chat'), started: chat },
    { key: 'team', done: Boolean(others), started: Boolean(others) },
  ];
  return out;
}
