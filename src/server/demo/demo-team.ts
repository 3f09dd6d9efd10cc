/** The demo's team, set up on its first day: users, teams, inboxes with email and chat, snippets. */
import { createChatChannel } from '../channels/chat/manage.js';
import { loadActor } from '../domain/auth.js';
import { createContact, updateContact } from '../domain/contact-directory.js';
import type { Ctx } from '../domain/context.js';
import { createInbox } from '../domain/inboxes.js';
import { createSnippet, listSnippets } from '../domain/snippets.js';
import { createTeam } from '../domain/teams.js';
import { listPipelines } from '../domain/tickets.js';
import { createUser } from '../domain/users.js';
import type { Actor } from '../permissions/policy.js';
import type { Person } from './demo-plan.js';
import { demoText } from './demo-text.js';

export const DEMO_PASSWORD = 'demo-password';

/** Refused: the database already holds data and `--force` was not given. */
export class DemoRefused extends Error {}

export type DemoTeam = Awaited<ReturnType<typeof setUpTeam>>;

/** Made once; a second run (--force) finds the users, teams and snippets by name and adds only inboxes. */
export async function setUpTeam(ctx: Ctx) {
  const users: string[] = [];
  for (const [i, first] of demoText.agents.entries()) {
    const email = `${first.toLowerCase()}@demo.switchboard.localhost`;
    const found = await ctx.db.kysely.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    users.push(
      found?.id ??
        (
          await createUser(ctx, null, {
            email,
            name: `${first} ${demoText.agentLastNames[i]}`,
            role: i === 0 ? 'admin' : 'agent',
            paidSeat: i !== 7,
            password: DEMO_PASSWORD,
          })
        ).user.id,
    );
  }
  const loginEmail = `${demoText.agents[0]!.toLowerCase()}@demo.switchboard.localhost`;
  let admin = (await loadActor(ctx, users[0]!))!;
  const team = async (name: string, ids: string[]) =>
    (await ctx.db.kysely.selectFrom('teams').select('id').where('name', '=', name).executeTakeFirst())?.id ??
    (await createTeam(ctx, admin, { name, userIds: ids })).id;
  const support = await team('Support', users.slice(0, 5));
  const sales = await team('Sales', users.slice(4));
  const inboxes = [
    await createInbox(ctx, null, { name: 'Customer Support', access: { mode: 'everyone', userIds: [], teamIds: [] } }),
    await createInbox(ctx, null, { name: 'Sales', access: { mode: 'specific', userIds: [users[0]!], teamIds: [sales] } }),
    await createInbox(ctx, null, { name: 'Billing', access: { mode: 'specific', userIds: [users[0]!], teamIds: [support] } }),
  ];
  admin = (await loadActor(ctx, users[0]!))!;
  const chatChannels = [
    (await createChatChannel(ctx, admin, inboxes[0]!.id, { name: 'Website chat', settings: {} }, 'http://localhost:3000')).id,
    (await createChatChannel(ctx, admin, inboxes[1]!.id, { name: 'Pricing page chat', settings: {} }, 'http://localhost:3000')).id,
  ];
  const emailChannels: string[] = [];
  for (const inbox of inboxes) {
    const c = await ctx.db.kysely
      .selectFrom('channels')
      .select('id')
      .where('inbox_id', '=', inbox.id)
      .where('kind', '=', 'email')
      .executeTakeFirstOrThrow();
    emailChannels.push(c.id);
  }
  // A second run (--force) keeps the snippets the first one made: names are unique.
  const haveSnippets = new Set((await listSnippets(ctx, admin)).map((s) => s.name.toLowerCase()));
  for (const s of demoText.snippets) if (!haveSnippets.has(s.name.toLowerCase())) await createSnippet(ctx, admin, { ...s, inboxId: null });
  const actors: Actor[] = [];
  for (const id of users) actors.push((await loadActor(ctx, id))!);
  const members = inboxes.map((inbox) => actors.filter((a) => a.inboxes.get(inbox.id)?.member));
  const owners = actors.filter((a) => a.id === users[0] || a.teamIds.includes(sales));
  const names = new Map(users.map((id, i) => [id, `${demoText.agents[i]} ${demoText.agentLastNames[i]}`]));
  const pipeline = (await listPipelines(ctx, admin)).find((p) => p.stages.length > 1) ?? (await listPipelines(ctx, admin))[0]!;
  return { users, admin, inboxes, chatChannels, emailChannels, members, owners, names, pipeline, loginEmail };
}

/** Refuses a database with users, inboxes, contacts or conversations, naming `--force`. */
export async function refuseUnlessEmpty(ctx: Ctx, force: boolean): Promise<void> {
  if (force) return;
  const k = ctx.db.kysely;
  const count = async (t: 'users' | 'inboxes' | 'contacts' | 'conversations') =>
    Number(
      (
        await k
          .selectFrom(t)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const found = {
    users: await count('users'),
    inboxes: await count('inboxes'),
    contacts: await count('contacts'),
    conversations: await count('conversations'),
  };
  const held = Object.entries(found).filter(([, n]) => n > 0);
  if (!held.length) return;
  throw new DemoRefused(
    `This database already holds data (${held.map(([w, n]) => `${n} ${n === 1 ? w.slice(0, -1) : w}`).join(', ')}). ` +
      'The demo fills an empty database; to add it to this one anyway, run: npx switchboard demo --force',
  );
}

/**
 * A contact as an agent enters it. One that exists already (their mail arrived first, or a second demo
 * with --force) gets the company, phone and owner it lacks, as an agent would fill them in.
 */
export async function addContact(ctx: Ctx, admin: Actor, p: Person, company: string | null, owners: Actor[]): Promise<string> {
  const owner = company && owners.length ? owners[company.length % owners.length]!.id : null;
  const existing = await ctx.db.kysely
    .selectFrom('contacts')
    .select(['id', 'company', 'phone', 'owner_id'])
    .where('email', '=', p.email)
    .executeTakeFirst();
  if (!existing) return (await createContact(ctx, admin, { name: p.name, email: p.email, phone: p.phone, company, ownerId: owner })).id;
  const missing = {
    ...(existing.company === null && company ? { company } : {}),
    ...(existing.phone === null && p.phone ? { phone: p.phone } : {}),
    ...(existing.owner_id === null && owner ? { ownerId: owner } : {}),
  };
  if (Object.keys(missing).length) await updateContact(ctx, admin, existing.id, missing);
  return existing.id;
}
