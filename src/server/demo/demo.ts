import { loadActor } from '../domain/auth.js';
import type { Ctx } from '../domain/context.js';
import { updateConversation, moveConversation } from '../domain/conversations.js';
import { recordInbound } from '../domain/inbound.js';
import { apiChannelOf, createInbox } from '../domain/inboxes.js';
import { addAgentMessage } from '../domain/messages.js';
import { createTeam } from '../domain/teams.js';
import { createUser } from '../domain/users.js';
import { createSnippet } from '../domain/snippets.js';
import { demoText } from './demo-text.js';

/** A deterministic pseudo-random sequence, so every demo looks the same. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Fills a living demo through the domain functions (so counts, search and events are right):
 * 3 inboxes, 8 users in 2 teams, 500 contacts, 2,000 conversations with threads, comments and
 * closed ones, spread over the last 60 days.
 */
export async function fillDemo(ctx: Ctx, log: (s: string) => void, size = { conversations: 2000, contacts: 500 }) {
  const rand = rng(42);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)]!;
  const password = 'demo-password';
  const people = demoText.agents;
  const loaded = await ctx.db.kysely
    .selectFrom('users')
    .select('id')
    .where('email', '=', `${people[0]!.toLowerCase()}@demo.switchboard.localhost`)
    .executeTakeFirst();
  if (loaded) throw new Error('The demo is already loaded in this database.');
  const users = [];
  for (const [i, p] of people.entries()) {
    const { user } = await createUser(ctx, null, {
      email: `${p.toLowerCase()}@demo.switchboard.localhost`,
      name: p,
      role: i === 0 ? 'admin' : 'agent',
      paidSeat: i !== 7,
      password,
    });
    users.push(user);
  }
  const admin = (await loadActor(ctx, users[0]!.id))!;
  const support = await createTeam(ctx, admin, { name: 'Support', userIds: users.slice(0, 5).map((u) => u.id) });
  const sales = await createTeam(ctx, admin, { name: 'Sales', userIds: users.slice(4).map((u) => u.id) });
  const inboxes = [
    await createInbox(ctx, null, { name: 'Customer Support', access: { mode: 'everyone', userIds: [], teamIds: [] } }),
    await createInbox(ctx, null, { name: 'Sales', access: { mode: 'specific', userIds: [users[0]!.id], teamIds: [sales.id] } }),
    await createInbox(ctx, null, { name: 'Billing', access: { mode: 'specific', userIds: [users[0]!.id], teamIds: [support.id] } }),
  ];
  for (const s of demoText.snippets) await createSnippet(ctx, admin, { ...s, inboxId: null });
  log(`Created ${users.length} users, 2 teams and ${inboxes.length} inboxes`);

  const contacts = Array.from({ length: size.contacts }, (_, i) => {
    const first = pick(demoText.firstNames);
    const last = pick(demoText.lastNames);
    return { name: `${first} ${last}`, email: `${first}.${last}.${i}@example.com`.toLowerCase() };
  });
  const actors = new Map<string, NonNullable<Awaited<ReturnType<typeof loadActor>>>>();
  for (const u of users) actors.set(u.id, (await loadActor(ctx, u.id))!);

  const now = Date.now();
  for (let i = 0; i < size.conversations; i++) {
    const inbox = inboxes[i % 10 < 6 ? 0 : i % 10 < 8 ? 1 : 2]!;
    const channel = await apiChannelOf(ctx, inbox.id);
    const topic = pick(demoText.topics);
    const contact = pick(contacts);
    const r = await recordInbound(ctx, { channelId: channel.id, contact, subject: topic.subject, text: topic.body });
    const members = users.filter((u) => actors.get(u.id)!.inboxes.get(inbox.id)?.member);
    const agent = pick(members);
    const actor = actors.get(agent.id)!;
    const roll = rand();
    if (roll < 0.75) await updateConversation(ctx, actor, r.conversationId, { assigneeId: agent.id });
    if (roll < 0.6) await addAgentMessage(ctx, actor, r.conversationId, { kind: 'reply', body: pick(demoText.replies) });
    if (roll < 0.2) await addAgentMessage(ctx, actor, r.conversationId, { kind: 'comment', body: pick(demoText.comments) });
    if (roll < 0.4)
      await recordInbound(ctx, { channelId: channel.id, conversationId: r.conversationId, contact: {}, text: pick(demoText.followUps) });
    if (roll < 0.35) await updateConversation(ctx, actor, r.conversationId, { status: 'closed' });
    if (roll > 0.98) await moveConversation(ctx, actor, r.conversationId, 'trash');
    else if (roll > 0.96) await moveConversation(ctx, actor, r.conversationId, 'spam');
    // Spread the demo over the last 60 days, oldest first.
    const shiftMs = Math.floor(((size.conversations - i) / size.conversations) * 60 * 86_400_000);
    await shiftTimes(ctx, r.conversationId, shiftMs, now);
    if ((i + 1) % 250 === 0) log(`  ${i + 1} conversations`);
  }
  return { login: { email: users[0]!.email, password } };
}

async function shiftTimes(ctx: Ctx, conversationId: string, shiftMs: number, _now: number) {
  const k = ctx.db.kysely;
  const shift = (iso: string | null) => (iso ? new Date(new Date(iso).getTime() - shiftMs).toISOString() : null);
  const c = await k.selectFrom('conversations').selectAll().where('id', '=', conversationId).executeTakeFirstOrThrow();
  await k
    .updateTable('conversations')
    .set({
      created_at: shift(c.created_at)!,
      last_message_at: shift(c.last_message_at)!,
      last_incoming_at: shift(c.last_incoming_at),
      first_response_at: shift(c.first_response_at),
      closed_at: shift(c.closed_at),
    })
    .where('id', '=', conversationId)
    .execute();
  const msgs = await k.selectFrom('messages').select(['id', 'created_at']).where('conversation_id', '=', conversationId).execute();
  for (const m of msgs)
    await k
      .updateTable('messages')
      .set({ created_at: shift(m.created_at)! })
      .where('id', '=', m.id)
      .execute();
}
