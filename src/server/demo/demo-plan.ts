/**
 * What the demo will write, decided before anything is written: the people, and for each conversation its
 * kind, inbox, topic, sender and start. Pure and deterministic (a seeded sequence): every demo has the same shape.
 */
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

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** A deterministic pseudo-random sequence (mulberry32), so every demo has the same shape. */
export function rng(seed: number) {
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
export const slug = (s: string, sep = '') =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, sep)
    .replace(new RegExp(`^${sep}|${sep}$`, 'g'), '');

export type Kind = 'email' | 'chat' | 'api' | 'spam' | 'filtered';
export interface Person {
  name: string;
  first: string;
  email: string;
  company: number | null;
  phone: string | null;
}
export interface Plan {
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

export interface DemoPlan {
  companies: string[];
  filteredSenders: { name: string; email: string; subject: string; text: string }[];
  people: Person[];
  plans: Plan[];
}

/** Plans `size` between `t0` and `latest` (epoch ms). */
export function planDemo(size: DemoSize, rand: () => number, t0: number, latest: number): DemoPlan {
  const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)]!;
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
  return { companies, filteredSenders, people, plans };
}
