import { randomBytes } from 'node:crypto';
import { externalIdFor } from '../channels/chat/history.js';
import { userVisitorKey } from '../channels/chat/tokens.js';
import { subjectOf } from '../channels/chat/visitor-session.js';
import { ingestEmail } from '../channels/email/ingest.js';
import { createIncomingConversation, addIncomingMessage } from '../domain/api-channel.js';
import { setBlocked } from '../domain/contacts.js';
import type { ChannelAdapter } from '../domain/channel-adapter.js';
import type { Ctx } from '../domain/context.js';
import { moveConversation, updateConversation } from '../domain/conversations.js';
import { recordInbound } from '../domain/inbound.js';
import { fallbackAddress } from '../domain/inboxes.js';
import { addAgentMessage } from '../domain/messages.js';
import { outboundMessageId, threadKey } from '../domain/threading.js';
import { createTicketFromConversation, updateTicket } from '../domain/tickets.js';
import type { Actor } from '../permissions/policy.js';
import { esc, htmlOf, mail } from './demo-mail.js';
import { DAY, DEMO_DAYS, DEMO_SIZE, HOUR, MIN, planDemo, rng, slug, type DemoSize } from './demo-plan.js';
import { deliver, runSteps, type Step } from './demo-steps.js';
import { addContact, DEMO_PASSWORD, refuseUnlessEmpty, setUpTeam } from './demo-team.js';
import { demoText } from './demo-text.js';

export { DEMO_DAYS, DEMO_FIXED, DEMO_SIZE, type DemoSize } from './demo-plan.js';
export { DemoRefused } from './demo-team.js';

const DEMO_SEED = 42;

interface Live {
  id?: string;
  /** Email: the Message-IDs of the thread so far (the customer's and ours). */
  ids: string[];
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
  const key = await threadKey(base.db);
  const ctx: Ctx = {
    ...base,
    clock: () => new Date(t0),
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

  const { users, admin, inboxes, chatChannels, emailChannels, members, owners, names, pipeline, loginEmail } = await setUpTeam(ctx);
  log(`Created ${users.length} users, 2 teams, ${inboxes.length} inboxes with email and chat`);
  const { companies, filteredSenders, people, plans } = planDemo(size, rand, t0, latest);

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
