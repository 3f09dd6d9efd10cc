import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import { createChatChannel } from '../channels/chat/manage.js';
import { externalIdFor } from '../channels/chat/history.js';
import { userVisitorKey } from '../channels/chat/tokens.js';
import { subjectOf } from '../channels/chat/visitor-session.js';
import { ingestEmail } from '../channels/email/ingest.js';
import { finishJob } from '../db/job-queue.js';
import { createIncomingConversation, addIncomingMessage } from '../domain/api-channel.js';
import { loadActor } from '../domain/auth.js';
import { setBlocked } from '../domain/contacts.js';
import { createContact } from '../domain/contact-directory.js';
import type { ChannelAdapter } from '../domain/channel-adapter.js';
import type { Ctx } from '../domain/context.js';
import { moveConversation, updateConversation } from '../domain/conversations.js';
import { recordInbound } from '../domain/inbound.js';
import { createInbox, fallbackAddress } from '../domain/inboxes.js';
import { addAgentMessage } from '../domain/messages.js';
import { createSnippet, listSnippets } from '../domain/snippets.js';
import { createTeam } from '../domain/teams.js';
import { outboundMessageId, threadKey } from '../domain/threading.js';
import { createTicketFromConversation, listPipelines, updateTicket } from '../domain/tickets.js';
import { createUser } from '../domain/users.js';
import { deliverMessageJob } from '../jobs/deliver-message.js';
import type { Actor } from '../permissions/policy.js';
import { demoText, type Topic } from './demo-text.js';

/**
 * What the demo makes, exactly (README.md says the same; the demo test counts them). Users, teams and
 * inboxes are fixed; the rest is a size a test may shrink.
 */
export const DEMO_SIZE = { contacts: 500, companies: 40, conversations: 2000, tickets: 150 };
export const DEMO_FIXED = { users: 8, teams: 2, inboxes: 3 };
export type DemoSize = typeof DEMO_SIZE;
/** The history the demo writes: every message lies within this many days before the run. */
export const DEMO_DAYS = 90;
const DEMO_PASSWORD = 'demo-password';
const DEMO_SEED = 42;

/** Refused: the database already holds data and `--force` was not given. */
export class DemoRefused extends Error {}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** A deterministic pseudo-random sequence (mulberry32), so every demo has the same shape. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Lower case ASCII letters and digits only (diacritics dropped): the local part and domain labels of addresses. */
const slug = (s: string, sep = '') =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, sep)
    .replace(new RegExp(`^${sep}|${sep}$`, 'g'), '');

type Kind = 'email' | 'chat' | 'api' | 'spam' | 'filtered';
interface Person {
  name: string;
  first: string;
  email: string;
  company: number | null;
  phone: string | null;
}
interface Plan {
  i: number;
  kind: Kind;
  inbox: number;
  topic: Topic;
  /** A person (index), an anonymous visitor (-1), or a sender of spam/filtered mail (by name). */
  person: number;
  sender?: { name: string; email: string; subject: string; text: string };
  start: number;
  ticket: boolean;
}
interface Live {
  id?: string;
  /** Email: the Message-IDs of the thread so far (the customer's and ours). */
  ids: string[];
  assignee?: Actor;
  ticketId?: string;
  clientN: number;
}

/**
 * A living demo written through the domain, as it would have happened: the customer's messages
 * come in through their channel's inbound path (email as MIME through `ingestEmail`, chat as the widget
 * records it, the contact form through the API channel), agents take, answer, note, close and reopen
 * through the same commands the app calls, over the last 90 days with realistic response times. Each
 * step runs in time order with `ctx.clock` set to its moment. Replies go through the outbox to a demo
 * wire: nothing leaves the machine. Refuses a database that holds data unless `force`.
 */
export async function fillDemo(
  base: Ctx,
  log: (s: string) => void,
  opts: { size?: DemoSize; force?: boolean; now?: number } = {},
): Promise<{ login: { email: string; password: string }; seconds: number }> {
  const began = performance.now();
  const size = opts.size ?? DEMO_SIZE;
  await refuseUnlessEmpty(base, opts.force ?? false);
  const rand = rng(DEMO_SEED);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)]!;
  const end = opts.now ?? Date.now();
  const t0 = end - DEMO_DAYS * DAY;
  const latest = end - 2 * MIN;
  // Message ids of this run (a second demo with --force is new mail, not a redelivery).
  const run = randomBytes(4).toString('hex');

  // The demo's own context: its clock writes history; its adapters are a wire to nowhere.
  const clock = t0;
  const key = await threadKey(base.db);
  const ctx: Ctx = {
    ...base,
    clock: () => new Date(clock),
    adapters: new Map<ChannelAdapter['kind'], ChannelAdapter>([
      [
        'email',
        {
          kind: 'email',
          deliver: async (_c, _ch, m) => m.external_id ?? outboundMessageId(m.conversation_id, m.id, base.mailDomain, key),
        },
      ],
      ['chat', { kind: 'chat', deliver: async () => null }],
    ]),
  };

  // The team, set up on the first day.
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
  log(`Created ${users.length} users, 2 teams, ${inboxes.length} inboxes with email and chat`);

  // The people: named contacts (most at a company, with an owner), blocked senders, and anonymous chat visitors.
  const companies = demoText.companies.slice(0, size.companies);
  if (companies.length < size.companies) throw new Error(`The demo knows ${demoText.companies.length} companies`);
  const filteredSenders = demoText.filtered.map((f) => ({ ...f, email: `${f.local}@newsletters.example` }));
  const spamSenders = demoText.spamSenders.map((name) => ({ name, email: `${slug(name, '.')}@bulk-mail.example` }));
  const anonymous = Math.round(size.contacts * 0.06);
  const named = size.contacts - anonymous - filteredSenders.length - spamSenders.length;
  const taken = new Set<string>();
  const people: Person[] = [];
  for (let i = 0; i < named; i++) {
    const first = pick(demoText.firstNames);
    const last = pick(demoText.lastNames);
    const company = i < Math.max(companies.length, Math.floor(named * 0.75)) ? i % companies.length : null;
    const domain = company === null ? pick(demoText.privateDomains) : `${slug(companies[company]!, '-')}.example`;
    let local = `${slug(first)}.${slug(last)}`;
    for (let n = 2; taken.has(`${local}@${domain}`); n++) local = `${slug(first)}.${slug(last)}${n}`;
    taken.add(`${local}@${domain}`);
    const phone = rand() < 0.4 ? `+31 6 ${String(10_000_000 + Math.floor(rand() * 89_999_999)).replace(/(\d{4})(\d{4})/, '$1 $2')}` : null;
    people.push({ name: `${first} ${last}`, first, email: `${local}@${domain}`, company, phone });
  }

  // The conversations: when, where, about what and from whom.
  const plans: Plan[] = [];
  const lastSubject = new Map<string, number[]>();
  /**
   * Mail with the subject of a conversation the sender wrote in the last 7 days joins it (threading by subject):
   * a plan keeps clear of that by `apart` (a conversation of mail back and forth lasts up to 30 days).
   */
  const subjectFree = (who: string, inbox: number, subject: string, at: number, apart: number) => {
    const k = `${who}|${inbox}|${subject}`;
    const seen = lastSubject.get(k) ?? [];
    if (seen.some((s) => Math.abs(s - at) < apart)) return false;
    lastSubject.set(k, [...seen, at]);
    return true;
  };
  const startAt = () => {
    for (;;) {
      const at = t0 + DAY + rand() * (latest - t0 - DAY - 30 * MIN);
      const d = new Date(at);
      const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
      if (weekend && rand() < 0.75) continue;
      // Most customers write in office hours (07:00-19:00 UTC).
      if (rand() < 0.85) d.setUTCHours(7 + Math.floor(rand() * 12), Math.floor(rand() * 60), Math.floor(rand() * 60));
      if (d.getTime() < latest - 30 * MIN && d.getTime() > t0 + DAY) return d.getTime();
    }
  };
  let nextPerson = 0;
  const order = people.map((_, i) => i).sort(() => rand() - 0.5);
  const kinds = Array.from({ length: size.conversations }, (): Kind => {
    const r = rand();
    return r < 0.025 ? 'spam' : r < 0.045 ? 'filtered' : r < 0.33 ? 'chat' : r < 0.45 ? 'api' : 'email';
  });
  // Every spam sender writes at least once, and something lands in Filtered.
  for (let j = 0; kinds.filter((k) => k === 'spam').length < spamSenders.length; j += 7) kinds[j % kinds.length] = 'spam';
  if (!kinds.includes('filtered')) kinds[3] = 'filtered';
  let spamN = 0;
  // Some chat visitors never say who they are: each such chat makes its own contact.
  const chatIndexes = kinds.flatMap((k, i) => (k === 'chat' ? [i] : []));
  if (chatIndexes.length < anonymous) throw new Error('Too few chats for the anonymous visitors');
  const anonymousChats = new Set(chatIndexes.filter((_, n) => n % Math.floor(chatIndexes.length / anonymous) === 0).slice(0, anonymous));
  for (let i = 0; i < size.conversations; i++) {
    const kind = kinds[i]!;
    const start = startAt();
    if (kind === 'spam' || kind === 'filtered') {
      const s = kind === 'spam' ? spamSenders[spamN % spamSenders.length]! : pick(filteredSenders);
      const text = kind === 'spam' ? pick(demoText.spam) : (s as (typeof filteredSenders)[number]);
      const day = new Date(start).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });
      const subject = kind === 'spam' ? text.subject : `${text.subject} (${day})`;
      if (!subjectFree(s.email, 0, subject, start, 9 * DAY)) {
        i--;
        continue;
      }
      if (kind === 'spam') spamN++;
      plans.push({
        i,
        kind,
        inbox: 0,
        topic: demoText.support[0]!,
        person: -1,
        sender: { ...s, subject, text: text.text },
        start,
        ticket: false,
      });
      continue;
    }
    const inbox = kind === 'chat' ? (rand() < 0.75 ? 0 : 1) : rand() < 0.6 ? 0 : rand() < 0.5 ? 1 : 2;
    const topics =
      kind === 'chat' ? demoText.chat : kind === 'api' ? demoText.form : [demoText.support, demoText.sales, demoText.billing][inbox]!;
    let topic = pick(topics);
    // Every person writes at least once; after that, some write more often than others.
    if (anonymousChats.has(i)) {
      plans.push({ i, kind, inbox, topic, person: -1, start, ticket: false });
      continue;
    }
    const fresh = nextPerson < order.length;
    let person = fresh ? order[nextPerson++]! : order[Math.floor(rand() * rand() * order.length)]!;
    // The same subject from the same person would join the earlier mail: another topic, or (someone writing again) another person.
    for (let tries = 0; kind === 'email' && !subjectFree(people[person]!.email, inbox, topic.subject, start, 37 * DAY); tries++) {
      if (tries > 200) throw new Error('The demo found no free subject');
      topic = pick(topics);
      if (tries > 5 && !fresh) person = order[Math.floor(rand() * order.length)]!;
    }
    plans.push({ i, kind, inbox, topic, person, start, ticket: false });
  }
  if (nextPerson < order.length) throw new Error('Too few conversations for the contacts');
  // Tickets: conversations old enough to have been answered.
  const ticketable = plans.filter((p) => p.kind !== 'spam' && p.kind !== 'filtered' && p.start < latest - 4 * DAY);
  ticketable.sort(() => rand() - 0.5);
  if (ticketable.length < size.tickets) throw new Error('Too few conversations for the tickets');
  for (const p of ticketable.slice(0, size.tickets)) p.ticket = true;

  // Every step of every conversation, then run in time order.
  const steps: Step[] = [];
  let seq = 0;
  /** A step at time t, after the earlier steps that share one of its keys (its conversation, its contact). */
  const at = (t: number, keys: string[], run: (c: Ctx) => Promise<unknown>) => {
    if (t <= latest) steps.push({ at: Math.round(t), n: seq++, keys, run });
  };
  // Normal, skewed: most answers come quickly, a few take long.
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const delay = (median: number, cap: number) => Math.min(cap, Math.max(20_000, median * Math.exp(0.8 * gauss())));

  // Named contacts exist before they first write (an earlier signup or a sales call).
  const firstStart = new Map<number, number>();
  for (const p of plans) if (p.person >= 0 && !firstStart.has(p.person)) firstStart.set(p.person, p.start);
  for (const [n, person] of people.entries()) {
    const first = firstStart.get(n) ?? latest;
    at(Math.max(t0 + HOUR, first - rand() * 20 * DAY), [`p${n}`], async (c) => {
      await addContact(c, admin, person, person.company === null ? null : companies[person.company]!, owners);
    });
  }
  at(
    t0 + 2 * HOUR,
    filteredSenders.map((f) => `s:${f.email}`),
    async (c) => {
      for (const s of filteredSenders) {
        const id = await addContact(c, admin, { name: s.name, first: s.name, email: s.email, company: null, phone: null }, null, []);
        await setBlocked(c, admin, id, true);
      }
    },
  );

  let created = 0;
  for (const p of plans) {
    const live: Live = { ids: [], clientN: 0 };
    const k = `c${p.i}`;
    const team = members[p.inbox]!;
    const fast = p.kind === 'chat';
    const person = p.person >= 0 ? people[p.person]! : null;
    const visitor = person ? userVisitorKey(`demo-${p.person}`) : `v:demo${run}${p.i.toString(36)}`;
    const customer = async (c: Ctx, text: string, html?: string) => {
      if (p.kind === 'chat') {
        const r = await recordInbound(c, {
          channelId: chatChannels[p.inbox]!,
          // As the widget writes them: a visitor who gave nothing stays nameless, the first message is the subject.
          contact: person ? { email: person.email, name: person.name } : {},
          subject: live.id ? undefined : subjectOf(text),
          pageUrl: live.id ? undefined : `https://www.switchboard-demo.example${p.topic.subject}`,
          text,
          externalId: externalIdFor(visitor, `demo${run}${p.i}m${live.clientN++}`),
          conversationId: live.id,
        });
        live.id = r.conversationId;
      } else if (p.kind === 'api') {
        if (live.id) await addIncomingMessage(c, admin, live.id, { body: text });
        else
          live.id = (
            await createIncomingConversation(c, admin, inboxes[p.inbox]!.id, {
              contact: { email: person!.email, name: person!.name },
              subject: p.topic.subject,
              body: text,
            })
          ).id;
      } else {
        const from = p.sender ?? { name: person!.name, email: person!.email };
        const subject = p.sender?.subject ?? p.topic.subject;
        const mime = await mail({
          from,
          to: fallbackAddress(c, inboxes[p.inbox]!.slug),
          subject: live.ids.length ? `Re: ${subject}` : subject,
          text,
          html,
          date: c.clock!(),
          id: `${run}.${p.i}.${live.ids.length}.${slug(from.name)}@${from.email.split('@')[1]}`,
          parents: live.ids,
          file: !live.ids.length && person ? p.topic.file : undefined,
        });
        const r = await ingestEmail(c, c.mail, { channelId: emailChannels[p.inbox]! }, mime.raw);
        if ('held' in r) throw new Error('The demo inbox held a mail');
        if (!live.ids.length && !r.createdConversation) throw new Error(`Demo mail ${mime.id} joined conversation ${r.conversationId}`);
        live.id = r.conversationId;
        live.ids.push(mime.id);
      }
    };
    const reply = async (c: Ctx, who: Actor, text: string) => {
      const greeting = person ? `Hi ${person.first},` : 'Hi,';
      const m =
        p.kind === 'email'
          ? await addAgentMessage(c, who, live.id!, {
              kind: 'reply',
              html: `<p>${greeting}</p><p>${esc(text)}</p><p>Best regards,<br>${esc(names.get(who.id)!)}</p>`,
            })
          : await addAgentMessage(c, who, live.id!, { kind: 'reply', body: text });
      await deliver(c, m.id);
      if (p.kind === 'email') {
        const row = await c.db.kysely.selectFrom('messages').select('external_id').where('id', '=', m.id).executeTakeFirstOrThrow();
        if (row.external_id) live.ids.push(row.external_id);
      }
    };
    const first = p.sender
      ? p.sender.text
      : p.kind === 'email'
        ? `Hello,\n\n${p.topic.question}\n\nKind regards,\n${person!.name}`
        : p.topic.question;
    const opener = person ? `p${p.person}` : p.sender ? `s:${p.sender.email}` : k;
    at(p.start, [k, opener], async (c) => {
      await customer(c, first, p.kind === 'email' ? htmlOf(first) : undefined);
      if (++created % 250 === 0) log(`  ${created} conversations`);
    });
    if (p.kind === 'filtered') continue;
    const who = pick(team);
    if (p.kind === 'spam') {
      at(p.start + delay(40 * MIN, 2 * DAY), [k], (c) => moveConversation(c, who, live.id!, 'spam').then(() => undefined));
      continue;
    }
    // Taken (or given by the admin), then answered: minutes for a chat, an hour or so for mail.
    let t = p.start + (fast ? delay(40_000, 10 * MIN) : delay(25 * MIN, 6 * HOUR));
    const answered = p.ticket || rand() < 0.92;
    if (answered || rand() < 0.5)
      at(t, [k], async (c) => {
        const by = rand() < 0.75 ? who : admin;
        await updateConversation(c, by, live.id!, { assigneeId: who.id });
      });
    if (!answered) continue;
    if (rand() < 0.15)
      at(t + delay(3 * MIN, HOUR), [k], (c) =>
        addAgentMessage(c, who, live.id!, { kind: 'comment', body: p.topic.note }).then(() => undefined),
      );
    t += fast ? delay(90_000, 15 * MIN) : delay(50 * MIN, 20 * HOUR);
    at(t, [k], (c) => reply(c, who, p.topic.answer));
    if (p.ticket) {
      const stages = pipeline.stages.map((s) => s.id);
      const reach = Math.floor(rand() * stages.length);
      at(t + delay(5 * MIN, HOUR), [k], async (c) => {
        live.ticketId = (await createTicketFromConversation(c, who, live.id!, { pipelineId: pipeline.id, ownerId: who.id })).id;
      });
      let s = t + 2 * HOUR;
      for (let stage = 1; stage <= reach; stage++) {
        s += delay(DAY, 5 * DAY);
        at(s, [k], (c) => updateTicket(c, who, live.ticketId!, { stageId: stages[stage]! }).then(() => undefined));
      }
    }
    if (rand() < 0.5) {
      t += fast ? delay(70_000, 10 * MIN) : delay(3 * HOUR, 2 * DAY);
      at(t, [k], (c) => customer(c, p.topic.followUp, p.kind === 'email' ? htmlOf(p.topic.followUp) : undefined));
      t += fast ? delay(60_000, 10 * MIN) : delay(45 * MIN, 20 * HOUR);
      at(t, [k], (c) => reply(c, who, p.topic.followUpAnswer));
    }
    if (rand() < 0.8) {
      t += fast ? delay(3 * MIN, HOUR) : delay(40 * MIN, 2 * DAY);
      at(t, [k], (c) => updateConversation(c, who, live.id!, { status: 'closed' }).then(() => undefined));
      const later = rand();
      if (later < 0.1) {
        // The customer writes again days later: the conversation reopens, is answered and closed again.
        t += delay(4 * DAY, 20 * DAY);
        const again = pick(demoText.again);
        at(t, [k], (c) => customer(c, again.text));
        t += fast ? delay(2 * MIN, HOUR) : delay(50 * MIN, 20 * HOUR);
        at(t, [k], (c) => reply(c, who, again.answer));
        t += delay(HOUR, 2 * DAY);
        at(t, [k], (c) => updateConversation(c, who, live.id!, { status: 'closed' }).then(() => undefined));
      } else if (later < 0.14) {
        // An agent reopens it to follow up.
        t += delay(DAY, 5 * DAY);
        at(t, [k], async (c) => {
          await updateConversation(c, who, live.id!, { status: 'open' });
          await addAgentMessage(c, who, live.id!, { kind: 'comment', body: 'Reopened to check next week that the fix holds.' });
        });
      } else if (later < 0.15) {
        t += delay(DAY, 3 * DAY);
        at(t, [k], (c) => moveConversation(c, who, live.id!, 'trash').then(() => undefined));
      }
    }
  }

  steps.sort((a, b) => a.at - b.at || a.n - b.n);
  await runSteps(ctx, steps);
  const seconds = Math.round((performance.now() - began) / 100) / 10;
  log(`Wrote ${plans.length} conversations, ${size.contacts} contacts and ${size.tickets} tickets over ${DEMO_DAYS} days in ${seconds} s`);
  return { login: { email: loginEmail, password: DEMO_PASSWORD }, seconds };
}

interface Step {
  at: number;
  n: number;
  keys: string[];
  run: (c: Ctx) => Promise<unknown>;
}
/** Steps in flight at once: their commits share disk syncs; steps that share a key run one after the other. */
const IN_FLIGHT = 8;

/** Runs the steps in time order, each with a context whose clock says its moment. */
async function runSteps(ctx: Ctx, steps: Step[]): Promise<void> {
  const last = new Map<string, Promise<void>>();
  const running = new Set<Promise<void>>();
  let failed: { error: unknown } | null = null;
  for (const s of steps) {
    while (running.size >= IN_FLIGHT) await Promise.race(running);
    if (failed) break;
    const c: Ctx = { ...ctx, clock: () => new Date(s.at) };
    const p: Promise<void> = Promise.all(s.keys.map((k) => last.get(k)))
      .then(() => s.run(c))
      .then(() => undefined);
    for (const k of s.keys) last.set(k, p);
    const tracked = p.catch((error: unknown) => {
      failed ??= { error };
    });
    running.add(tracked);
    void tracked.then(() => running.delete(tracked));
  }
  await Promise.all(running);
  if (failed) throw (failed as { error: unknown }).error;
}

/** Refuses a database with users, inboxes, contacts or conversations, naming `--force`. */
async function refuseUnlessEmpty(ctx: Ctx, force: boolean): Promise<void> {
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

/** A contact as an agent enters it; one that exists already (a second demo with --force) is used as it is. */
async function addContact(ctx: Ctx, admin: Actor, p: Person, company: string | null, owners: Actor[]): Promise<string> {
  const existing = await ctx.db.kysely.selectFrom('contacts').select('id').where('email', '=', p.email).executeTakeFirst();
  if (existing) return existing.id;
  const owner = company && owners.length ? owners[company.length % owners.length]!.id : null;
  return (await createContact(ctx, admin, { name: p.name, email: p.email, phone: p.phone, company, ownerId: owner })).id;
}

/** Plays the worker's part for the demo's own reply: the outbox job runs now, on the demo wire. */
async function deliver(ctx: Ctx, messageId: string): Promise<void> {
  const job = await ctx.db.kysely.selectFrom('jobs').select('id').where('dedupe_key', '=', `deliver:${messageId}`).executeTakeFirst();
  if (!job) return;
  await deliverMessageJob.handle(ctx, { messageId });
  await finishJob(ctx.db, job.id);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const htmlOf = (text: string) =>
  `<div style="font-family:Arial,sans-serif">${text
    .split('\n\n')
    .map((p) => `<p>${esc(p).replace(/\n/g, '<br>')}</p>`)
    .join('')}</div>`;

const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

/** One customer's mail as it arrives: MIME with threading headers and, sometimes, a file. */
async function mail(m: {
  from: { name: string; email: string };
  to: string;
  subject: string;
  text: string;
  html?: string;
  date: Date;
  id: string;
  parents: string[];
  file?: Topic['file'];
}): Promise<{ raw: Buffer; id: string }> {
  const info = await composer.sendMail({
    from: { name: m.from.name, address: m.from.email },
    to: m.to,
    subject: m.subject,
    text: m.text,
    html: m.html,
    date: m.date,
    messageId: `<${m.id}>`,
    inReplyTo: m.parents.length ? `<${m.parents[m.parents.length - 1]}>` : undefined,
    references: m.parents.length ? m.parents.map((p) => `<${p}>`).join(' ') : undefined,
    attachments: m.file ? [fileOf(m.file)] : undefined,
  });
  return { raw: info.message as Buffer, id: m.id };
}

/** Small, real files: a PNG screenshot, a CSV export, a one-page PDF. */
function fileOf(kind: NonNullable<Topic['file']>): { filename: string; content: Buffer; contentType: string } {
  if (kind === 'csv')
    return {
      filename: 'export.csv',
      contentType: 'text/csv',
      content: Buffer.from('order,date,total\n48213,2026-03-02,129.00\n48214,2026-03-02,54.50\n'),
    };
  if (kind === 'pdf') {
    const pdf = [
      '%PDF-1.4',
      '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
      '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
      '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj',
      'trailer << /Root 1 0 R >>',
      '%%EOF',
    ].join('\n');
    return { filename: 'invoice.pdf', contentType: 'application/pdf', content: Buffer.from(pdf) };
  }
  // A 1x1 PNG.
  return {
    filename: 'screenshot.png',
    contentType: 'image/png',
    content: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'),
  };
}
