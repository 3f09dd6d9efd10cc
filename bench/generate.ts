/**
 * Bulk generation of a large Switchboard data set, on SQLite and on PostgreSQL.
 *
 * Users, teams, inboxes and channels go through the domain functions; contacts, conversations,
 * messages, reads, counts and search documents are bulk-inserted, but derived exactly as the
 * domain keeps them: `conversation_counts` as adjustCounts would leave it, one search document
 * per conversation (searchDocText of subject, contact name, contact email and every non-system
 * message text) keyed by `search_seq`, which grows with the last text activity.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Database } from '../src/server/db/database.js';
import { migrate } from '../src/server/db/migrate.js';
import { createSearchSchema, markBuilt, putDoc, searchFileOf } from '../src/server/db/search-store.js';
import type { ChannelsTable, ConversationsTable } from '../src/server/db/schema.js';
import { loadActor } from '../src/server/domain/auth.js';
import { createCtx, type Ctx } from '../src/server/domain/context.js';
import { Secrets } from '../src/server/secrets.js';
import { createInbox } from '../src/server/domain/inboxes.js';
import { previewOf } from '../src/server/domain/messages.js';
import { MAX_SEARCH_DOC_CHARS, searchDocText } from '../src/server/domain/search-text.js';
import { createTeam } from '../src/server/domain/teams.js';
import { createUser } from '../src/server/domain/users.js';
import { EventBus } from '../src/server/events/bus.js';
import { AGENT_NAMES, FIRST_NAMES, LAST_NAMES, RARE_CONVERSATIONS, RARE_WORD, rng, uuid7At, vocabulary } from './words.js';

/** Bump when the shape of the generated data changes: an old data set is then regenerated. */
export const DATA_VERSION = 7;
export const PASSWORD = 'bench-password-1';
export const ADMIN_EMAIL = 'bench-admin@example.com';

export interface Scale {
  conversations: number;
  contacts: number;
}

export interface Setup {
  agents: { id: string; email: string; name: string }[];
  teams: { id: string; name: string }[];
  inboxes: { id: string; name: string; members: number[] }[];
  /** channels[inbox][kind] = channel id */
  channels: Record<string, string>[];
}

export interface Meta {
  version: number;
  scale: Scale;
  nowMs: number;
  setup: Setup;
  rows: { conversations: number; messages: number; contacts: number; reads: number; openConversations: number };
  generationSeconds: number;
  steps: Record<string, number>;
}

const KINDS: ChannelsTable['kind'][] = ['email', 'chat', 'api', 'messenger', 'form'];
const KIND_CDF = [0.5, 0.75, 0.85, 0.95, 1];
const FOLDERS: ConversationsTable['folder'][] = ['inbox', 'filtered', 'spam', 'trash'];
const FOLDER_CDF = [0.94, 0.97, 0.99, 1];
const INBOX_CDF = [0.8, 0.95, 1];
const DAY = 86_400_000;

export const fmt = (n: number) => n.toLocaleString('en-US');
const secs = (t0: number) => (performance.now() - t0) / 1000;

function pickCdf(cdf: number[], u: number): number {
  for (let i = 0; i < cdf.length; i++) if (u < cdf[i]!) return i;
  return cdf.length - 1;
}

// ---------------------------------------------------------------- setup through the domain

/** 1 admin, 50 agents in 3 teams, 3 inboxes (one big, open to everyone) with 5 channel kinds each. */
export async function createSetup(db: Database, log: (s: string) => void): Promise<Setup> {
  // The generated channels hold no secrets: a throwaway key.
  const ctx: Ctx = createCtx({
    db,
    bus: new EventBus(db),
    secrets: new Secrets(randomBytes(32), 'bench'),
    mail: { filesDir: 'bench-files', mailDomain: 'bench.example.com', maxMessageBytes: 25 * 1024 * 1024 },
  });
  const { user: admin } = await createUser(ctx, null, {
    email: ADMIN_EMAIL,
    name: 'Bench Admin',
    role: 'super_admin',
    paidSeat: true,
    password: PASSWORD,
  });
  const agents: Setup['agents'] = [];
  for (const [i, name] of AGENT_NAMES.entries()) {
    const { user } = await createUser(ctx, null, {
      email: `${name.toLowerCase()}@agents.example.com`,
      name,
      role: i === 1 ? 'admin' : 'agent',
      paidSeat: i !== AGENT_NAMES.length - 1,
      password: PASSWORD,
    });
    agents.push({ id: user.id, email: user.email, name });
  }
  const adminActor = (await loadActor(ctx, admin.id))!;
  const ids = (idx: number[]) => idx.map((i) => agents[i]!.id);
  const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
  const teamDefs = [
    { name: 'Support', members: range(0, 35) },
    { name: 'Sales', members: range(0, 50) },
    { name: 'Billing', members: [0, ...range(20, 35)] },
  ];
  const teams = [];
  for (const t of teamDefs) teams.push(await createTeam(ctx, adminActor, { name: t.name, userIds: ids(t.members) }));
  const inboxDefs = [
    { name: 'Support', access: { mode: 'everyone' as const, userIds: [], teamIds: [] }, members: range(0, 50) },
    { name: 'Sales', access: { mode: 'specific' as const, userIds: [], teamIds: [teams[1]!.id] }, members: teamDefs[1]!.members },
    {
      name: 'Billing',
      access: { mode: 'specific' as const, userIds: [agents[35]!.id], teamIds: [teams[2]!.id] },
      members: [...teamDefs[2]!.members, 35],
    },
  ];
  const inboxes = [];
  const channels: Record<string, string>[] = [];
  for (const d of inboxDefs) {
    const inbox = await createInbox(ctx, null, { name: d.name, access: d.access });
    inboxes.push({ id: inbox.id, name: inbox.name, members: d.members });
    // createInbox makes the API channel (and, with email, the fallback channel); add the other kinds.
    const existing = await db.kysely
      .selectFrom('channels')
      .select(['id', 'kind'])
      .where('inbox_id', '=', inbox.id)
      .orderBy('created_at')
      .execute();
    const byKind: Record<string, string> = {};
    for (const c of existing) byKind[c.kind] ??= c.id;
    for (const kind of KINDS) {
      if (byKind[kind]) continue;
      const id = uuid7At(Date.now(), Math.random);
      await db.kysely
        .insertInto('channels')
        .values({
          id,
          inbox_id: inbox.id,
          kind,
          name: kind[0]!.toUpperCase() + kind.slice(1),
          status: 'on',
          address: null,
          settings: '{}',
          created_at: new Date().toISOString(),
        })
        .execute();
      byKind[kind] = id;
    }
    channels.push(byKind);
  }
  await ctx.bus.flush();
  log(
    `  setup: 1 admin, ${agents.length} agents, ${teams.length} teams, ${inboxes.length} inboxes, ${channels.length * KINDS.length} channels (through the domain functions)`,
  );
  return { agents, teams: teams.map((t) => ({ id: t.id, name: t.name })), inboxes, channels };
}

// ---------------------------------------------------------------- phase A: the shape of everything

const MK_INCOMING = 0;
const MK_REPLY = 1;
const MK_COMMENT = 2;
const MK_SYSTEM = 3;
const MSG_KINDS = ['incoming', 'reply', 'comment', 'system'] as const;

/** Everything but text, in typed arrays: ~100 bytes per conversation, ~9 per message. */
export interface Plan {
  n: number;
  m: number;
  inbox: Uint8Array;
  kind: Uint8Array;
  contact: Int32Array;
  open: Uint8Array;
  assignee: Int8Array;
  team: Int8Array;
  folder: Uint8Array;
  isBot: Uint8Array;
  read: Uint8Array;
  created: Float64Array;
  lastMessage: Float64Array;
  lastIncoming: Float64Array;
  firstResponse: Float64Array;
  closed: Float64Array;
  seq: Float64Array;
  msgStart: Int32Array;
  msgTime: Float64Array;
  msgKind: Uint8Array;
  msgAuthor: Int8Array;
  rare: Set<number>;
  counts: Map<string, number>;
}

export function makePlan(scale: Scale, nowMs: number, setup: Setup): Plan {
  const n = scale.conversations;
  const r = rng(12345);
  const inbox = new Uint8Array(n);
  const kind = new Uint8Array(n);
  const contact = new Int32Array(n);
  const open = new Uint8Array(n);
  const assignee = new Int8Array(n);
  const team = new Int8Array(n);
  const folder = new Uint8Array(n);
  const isBot = new Uint8Array(n);
  const read = new Uint8Array(n);
  const created = new Float64Array(n);
  const lastMessage = new Float64Array(n);
  const lastIncoming = new Float64Array(n);
  const firstResponse = new Float64Array(n);
  const closed = new Float64Array(n);
  const lastText = new Float64Array(n);
  const msgStart = new Int32Array(n + 1);
  const count = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    count[i] = 1 + ((r() * 9) | 0); // 1..9, mean 5
    msgStart[i + 1] = msgStart[i]! + count[i]!;
  }
  const m = msgStart[n]!;
  const msgTime = new Float64Array(m);
  const msgKind = new Uint8Array(m);
  const msgAuthor = new Int8Array(m);
  const counts = new Map<string, number>();
  const span = 730 * DAY - 2 * 3_600_000;
  const start = nowMs - 730 * DAY;
  const cap = nowMs - 60_000;

  for (let i = 0; i < n; i++) {
    const ib = pickCdf(INBOX_CDF, r());
    inbox[i] = ib;
    const k = pickCdf(KIND_CDF, r());
    kind[i] = k;
    contact[i] = Math.floor(r() ** 1.6 * scale.contacts);
    // Older conversations are mostly closed; ~30% open overall.
    open[i] = r() < 0.12 + 0.36 * (i / n) ? 1 : 0;
    const members = setup.inboxes[ib]!.members;
    assignee[i] = r() < 0.6 ? members[Math.floor(r() ** 1.3 * members.length)]! : -1;
    team[i] = r() < (assignee[i]! >= 0 ? 0.5 : 0.2) ? ib : -1;
    folder[i] = pickCdf(FOLDER_CDF, r());
    isBot[i] = (KINDS[k] === 'chat' || KINDS[k] === 'messenger') && r() < 0.1 ? 1 : 0;
    const c0 = start + ((i + r()) * span) / n;
    created[i] = c0;
    // The thread: first an incoming message, then replies, follow-ups, comments; system lines for
    // the assignment and the close, as the domain writes them (not part of the search document).
    const s = msgStart[i]!;
    const cnt = count[i]!;
    let t = c0;
    let lastMsg = c0;
    let lastIn = c0;
    let firstResp = 0;
    let lastTxt = c0;
    const agentOf = () => (assignee[i]! >= 0 ? assignee[i]! : members[(r() * members.length) | 0]!);
    for (let j = 0; j < cnt; j++) {
      if (j > 0) t = Math.min(cap, t + -Math.log(1 - r()) * 8 * 3_600_000);
      let mk: number;
      if (j === 0) mk = MK_INCOMING;
      else if (j === cnt - 1 && !open[i] && cnt > 1) mk = MK_SYSTEM;
      else if (j === 1 && assignee[i]! >= 0 && cnt > 2) mk = MK_SYSTEM;
      else {
        const u = r();
        mk = u < 0.48 ? MK_REPLY : u < 0.88 ? MK_INCOMING : MK_COMMENT;
      }
      msgTime[s + j] = t;
      msgKind[s + j] = mk;
      msgAuthor[s + j] = mk === MK_INCOMING ? -1 : agentOf();
      if (mk === MK_INCOMING || mk === MK_REPLY) lastMsg = t;
      if (mk === MK_INCOMING) lastIn = t;
      if (mk === MK_REPLY && !firstResp) firstResp = t;
      if (mk !== MK_SYSTEM) lastTxt = t;
    }
    lastMessage[i] = lastMsg;
    lastIncoming[i] = lastIn;
    firstResponse[i] = firstResp;
    closed[i] = open[i] ? 0 : Math.min(cap, t + 60_000);
    lastText[i] = lastTxt;
    read[i] = assignee[i]! >= 0 && r() < 0.8 ? 1 : 0;
    const key = [
      setup.inboxes[ib]!.id,
      FOLDERS[folder[i]!],
      open[i] ? 'open' : 'closed',
      KINDS[k],
      assignee[i]! >= 0 ? setup.agents[assignee[i]!]!.id : '',
      isBot[i],
    ].join('\u0000');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  // search_seq: newest text activity last, as appendSearchText hands them out.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => lastText[a]! - lastText[b]! || a - b);
  const seq = new Float64Array(n);
  order.forEach((ci, rank) => (seq[ci] = rank + 1));
  const rare = new Set<number>();
  while (rare.size < Math.min(RARE_CONVERSATIONS, n)) rare.add(Math.floor(r() * n));
  return {
    n,
    m,
    inbox,
    kind,
    contact,
    open,
    assignee,
    team,
    folder,
    isBot,
    read,
    created,
    lastMessage,
    lastIncoming,
    firstResponse,
    closed,
    seq,
    msgStart,
    msgTime,
    msgKind,
    msgAuthor,
    rare,
    counts,
  };
}

// ---------------------------------------------------------------- phase B: rows with text

export const CONTACT_COLS = [
  'id',
  'name',
  'email',
  'phone',
  'owner_id',
  'company',
  'properties',
  'blocked',
  'created_at',
  'updated_at',
] as const;
export const CONV_COLS = [
  'id',
  'inbox_id',
  'channel_id',
  'channel_kind',
  'contact_id',
  'subject',
  'preview',
  'status',
  'assignee_id',
  'team_id',
  'folder',
  'is_bot',
  'created_at',
  'last_message_at',
  'last_incoming_at',
  'first_response_at',
  'closed_at',
  'search_seq',
] as const;
export const MSG_COLS = [
  'id',
  'conversation_id',
  'channel_id',
  'kind',
  'author_user_id',
  'author_contact_id',
  'text',
  'html',
  'external_id',
  'delivery_state',
  'delivery_error',
  'mentions',
  'created_at',
  'fact',
] as const;
export const READ_COLS = ['conversation_id', 'user_id', 'read_at'] as const;
type Val = string | number | null;

export interface Contacts {
  ids: string[];
  names: (string | null)[];
  emails: string[];
  rows: Val[][];
}

export function makeContacts(scale: Scale, nowMs: number): Contacts {
  const r = rng(999);
  const ids: string[] = [];
  const names: (string | null)[] = [];
  const emails: string[] = [];
  const rows: Val[][] = [];
  const companies = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', null];
  const t0 = nowMs - 760 * DAY;
  for (let i = 0; i < scale.contacts; i++) {
    const first = FIRST_NAMES[(r() * FIRST_NAMES.length) | 0]!;
    const last = LAST_NAMES[(r() * LAST_NAMES.length) | 0]!;
    const ascii = (s: string) =>
      s
        .normalize('NFKD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .replace(/[^a-z]/g, '');
    const email = `${ascii(first)}.${ascii(last)}.${i}@${r() < 0.3 ? 'gmail.com' : 'example.com'}`;
    const name = r() < 0.05 ? null : `${first} ${last}`;
    const at = new Date(t0 + (i / scale.contacts) * 30 * DAY).toISOString();
    const id = uuid7At(t0 + (i / scale.contacts) * 30 * DAY, r);
    ids.push(id);
    names.push(name);
    emails.push(email);
    rows.push([
      id,
      name,
      email,
      r() < 0.2 ? `+31 6 ${1000_0000 + i}` : null,
      null,
      companies[(r() * companies.length) | 0] ?? null,
      '{}',
      0,
      at,
      at,
    ]);
  }
  return { ids, names, emails, rows };
}

export interface Batch {
  conversations: Val[][];
  messages: Val[][];
  reads: Val[][];
  /** [search_seq, conversation id, document] */
  docs: [number, string, string][];
}

let vocabCache: ReturnType<typeof vocabulary> | undefined;

export function makeBatch(plan: Plan, setup: Setup, contacts: Contacts, from: number, to: number): Batch {
  const vocab = (vocabCache ??= vocabulary());
  const r = rng(1_000_003 + from);
  const sentence = (min: number, max: number) => {
    const n = min + ((r() * (max - min + 1)) | 0);
    const w: string[] = [];
    for (let i = 0; i < n; i++) w.push(vocab.pick(r()));
    const s = w.join(' ');
    return s[0]!.toUpperCase() + s.slice(1);
  };
  const paragraph = () => {
    const n = 1 + ((r() * 3) | 0);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(`${sentence(4, 13)}${r() < 0.2 ? '?' : '.'}`);
    return out.join(' ');
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  const b: Batch = { conversations: [], messages: [], reads: [], docs: [] };
  for (let i = from; i < to; i++) {
    const ib = plan.inbox[i]!;
    const kind = KINDS[plan.kind[i]!]!;
    const channelId = setup.channels[ib]![kind]!;
    const ci = plan.contact[i]!;
    const contactId = contacts.ids[ci]!;
    const convId = uuid7At(plan.created[i]!, r);
    const subject = kind === 'email' || kind === 'form' || r() < 0.3 ? sentence(3, 7) : null;
    const texts: (string | null)[] = [subject, contacts.names[ci], contacts.emails[ci]];
    const s = plan.msgStart[i]!;
    const e = plan.msgStart[i + 1]!;
    const rareAt = plan.rare.has(i) ? s + ((r() * (e - s)) | 0) : -1;
    let preview = '';
    for (let j = s; j < e; j++) {
      const mk = plan.msgKind[j]!;
      const author = plan.msgAuthor[j]!;
      let text: string;
      let fact: string | null = null;
      if (mk === MK_SYSTEM) {
        const who = setup.agents[author]!.name;
        const closing = j === e - 1 && !plan.open[i];
        const to = setup.agents[plan.assignee[i]!]?.name ?? who;
        text = closing ? `${who} closed this conversation` : `${who} assigned this conversation to ${to}`;
        // The timeline's fact, as the domain writes it (reports replay closes from it).
        fact = JSON.stringify(closing ? { kind: 'closed', actor: who } : { kind: 'assigned', actor: who, to });
      } else {
        text = paragraph();
        if (j === rareAt || (rareAt >= 0 && plan.msgKind[rareAt] === MK_SYSTEM && j === s)) text += ` The ${RARE_WORD} part is cracked.`;
        texts.push(text);
        if (mk === MK_INCOMING || mk === MK_REPLY) preview = previewOf(text);
      }
      const at = plan.msgTime[j]!;
      const msgId = uuid7At(at, r);
      b.messages.push([
        msgId,
        convId,
        channelId,
        MSG_KINDS[mk]!,
        mk === MK_INCOMING ? null : setup.agents[author]!.id,
        mk === MK_INCOMING ? contactId : null,
        text,
        null,
        mk === MK_INCOMING && kind === 'email' ? `<${msgId}@mail.example.com>` : null,
        mk === MK_REPLY ? 'sent' : 'none',
        null,
        '[]',
        iso(at),
        fact,
      ]);
    }
    const a = plan.assignee[i]!;
    const seq = plan.seq[i]!;
    b.conversations.push([
      convId,
      setup.inboxes[ib]!.id,
      channelId,
      kind,
      contactId,
      subject,
      preview,
      plan.open[i] ? 'open' : 'closed',
      a >= 0 ? setup.agents[a]!.id : null,
      plan.team[i]! >= 0 ? setup.teams[plan.team[i]!]!.id : null,
      FOLDERS[plan.folder[i]!]!,
      plan.isBot[i]!,
      iso(plan.created[i]!),
      iso(plan.lastMessage[i]!),
      iso(plan.lastIncoming[i]!),
      plan.firstResponse[i] ? iso(plan.firstResponse[i]!) : null,
      plan.closed[i] ? iso(plan.closed[i]!) : null,
      seq,
    ]);
    if (plan.read[i]) b.reads.push([convId, setup.agents[a]!.id, iso(plan.lastMessage[i]!)]);
    b.docs.push([seq, convId, searchDocText(texts).slice(0, MAX_SEARCH_DOC_CHARS)]);
  }
  return b;
}

export function countRows(plan: Plan, _setup: Setup): Val[][] {
  return [...plan.counts].map(([k, n]) => {
    const [inboxId, folder, status, kind, assigneeKey, isBot] = k.split('\u0000');
    return [inboxId!, folder!, status!, kind!, assigneeKey!, Number(isBot), n];
  });
}

// ---------------------------------------------------------------- progress

function progress(engine: string, plan: Plan, t0: number, done: number, msgs: number, log: (s: string) => void) {
  const el = secs(t0);
  const eta = done ? (el / done) * (plan.n - done) : 0;
  log(
    `  ${engine}: ${fmt(done)}/${fmt(plan.n)} conversations, ${fmt(msgs)} messages, ${el.toFixed(0)} s (${fmt(Math.round(msgs / el))} msg/s), ETA ${eta.toFixed(0)} s`,
  );
}

// ---------------------------------------------------------------- SQLite

export function sqliteMetaPath(dataDir: string) {
  return path.join(dataDir, 'bench-meta.json');
}

export async function generateSqlite(dataDir: string, scale: Scale, log: (s: string) => void): Promise<Meta> {
  const T = performance.now();
  const steps: Record<string, number> = {};
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'switchboard.db');
  const nowMs = Math.floor(Date.now() / 60_000) * 60_000;
  let t = performance.now();
  const db = new Database({ sqlitePath: file });
  await migrate(db);
  const setup = await createSetup(db, log);
  await db.close();
  steps.setup = secs(t);

  t = performance.now();
  const plan = makePlan(scale, nowMs, setup);
  const contacts = makeContacts(scale, nowMs);
  steps.plan = secs(t);
  log(
    `  sqlite: planned ${fmt(plan.n)} conversations, ${fmt(plan.m)} messages, ${fmt(scale.contacts)} contacts in ${steps.plan.toFixed(1)} s`,
  );

  const raw = new SQLite(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = OFF'); // generation only; the app opens with FULL
  raw.pragma('foreign_keys = OFF'); // rows are consistent by construction
  raw.pragma('cache_size = -1000000');
  raw.pragma('temp_store = MEMORY');
  // Secondary indexes are dropped during the load and recreated from their own DDL afterwards.
  const indexes = raw
    .prepare(`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in ('conversations', 'messages')`)
    .all() as { name: string; sql: string }[];
  for (const ix of indexes) raw.exec(`drop index ${ix.name}`);

  const ins = (table: string, cols: readonly string[]) =>
    raw.prepare(`insert into ${table} (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`);
  const insContact = ins('contacts', CONTACT_COLS);
  const insConv = ins('conversations', CONV_COLS);
  const insMsg = ins('messages', MSG_COLS);
  const insRead = ins('conversation_reads', READ_COLS);
  // The search index is a file of its own (src/server/db/search-store.ts), filled here directly.
  const search = new SQLite(searchFileOf(file));
  search.pragma('journal_mode = WAL');
  search.pragma('synchronous = OFF');
  search.pragma('cache_size = -500000');
  createSearchSchema(search);
  const insCount = ins('conversation_counts', ['inbox_id', 'folder', 'status', 'channel_kind', 'assignee_key', 'is_bot', 'n']);

  t = performance.now();
  raw.transaction(() => {
    for (const row of contacts.rows) insContact.run(row);
  })();
  steps.contacts = secs(t);

  t = performance.now();
  const BATCH = 10_000;
  let msgs = 0;
  let reads = 0;
  let lastLog = performance.now();
  for (let from = 0; from < plan.n; from += BATCH) {
    const b = makeBatch(plan, setup, contacts, from, Math.min(plan.n, from + BATCH));
    raw.transaction(() => {
      for (const row of b.conversations) insConv.run(row);
      for (const row of b.messages) insMsg.run(row);
      for (const row of b.reads) insRead.run(row);
    })();
    search.transaction(() => {
      for (const [seq, id, doc] of b.docs) putDoc(search, seq, id, doc);
    })();
    msgs += b.messages.length;
    reads += b.reads.length;
    if (performance.now() - lastLog > 15_000 || from + BATCH >= plan.n) {
      progress('sqlite', plan, t, Math.min(plan.n, from + BATCH), msgs, log);
      lastLog = performance.now();
    }
  }
  raw.transaction(() => {
    for (const row of countRows(plan, setup)) insCount.run(row);
  })();
  steps.rows = secs(t);

  t = performance.now();
  for (const ix of indexes) {
    const t1 = performance.now();
    raw.exec(ix.sql);
    log(`  sqlite: index ${ix.name} rebuilt in ${secs(t1).toFixed(1)} s`);
  }
  steps.indexes = secs(t);
  t = performance.now();
  raw.exec('analyze');
  raw.pragma('optimize');
  raw.pragma('wal_checkpoint(TRUNCATE)');
  markBuilt(search, 0);
  search.pragma('wal_checkpoint(TRUNCATE)');
  search.close();
  steps.analyze = secs(t);
  raw.close();

  const meta: Meta = {
    version: DATA_VERSION,
    scale,
    nowMs,
    setup,
    rows: {
      conversations: plan.n,
      messages: plan.m,
      contacts: scale.contacts,
      reads,
      openConversations: plan.open.reduce((a, b) => a + b, 0),
    },
    generationSeconds: secs(T),
    steps,
  };
  fs.writeFileSync(sqliteMetaPath(dataDir), JSON.stringify(meta, null, 2));
  return meta;
}

// ---------------------------------------------------------------- PostgreSQL

const PG_TYPES: Record<string, string> = { is_bot: 'integer', blocked: 'integer', search_seq: 'bigint', n: 'integer' };

/** One statement per batch: `insert ... select from unnest($1::text[], ...)` (no 65k-parameter limit, one parse). */
function pgInsert(table: string, cols: readonly string[], rows: Val[][], extra?: { col: string; expr: string; values: Val[] }) {
  const allCols = [...cols, ...(extra ? ['__extra'] : [])];
  const params = cols.map((_, ci) => rows.map((r) => r[ci] ?? null));
  if (extra) params.push(extra.values);
  const casts = allCols.map((c, i) => `$${i + 1}::${PG_TYPES[c] ?? 'text'}[]`).join(', ');
  const select = cols.map((c) => `u.${c}`).join(', ') + (extra ? `, ${extra.expr}` : '');
  const text = `insert into ${table} (${cols.join(', ')}${extra ? `, ${extra.col}` : ''}) select ${select} from unnest(${casts}) as u(${allCols.join(', ')})`;
  return { text, values: params };
}

export async function pgSchemaMeta(url: string, schema: string): Promise<Meta | null> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(`select obj_description(oid, 'pg_namespace') as d from pg_namespace where nspname = $1`, [schema]);
    const d = r.rows[0]?.d as string | undefined;
    if (!d) return null;
    try {
      return JSON.parse(d) as Meta;
    } catch {
      return null;
    }
  } finally {
    await c.end();
  }
}

export async function generatePostgres(url: string, schema: string, scale: Scale, log: (s: string) => void): Promise<Meta> {
  const T = performance.now();
  const steps: Record<string, number> = {};
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const nowMs = Math.floor(Date.now() / 60_000) * 60_000;

  let t = performance.now();
  const db = new Database({ url, schema, poolSize: 2 });
  await migrate(db);
  const setup = await createSetup(db, log);
  await db.close();
  steps.setup = secs(t);

  t = performance.now();
  const plan = makePlan(scale, nowMs, setup);
  const contacts = makeContacts(scale, nowMs);
  steps.plan = secs(t);
  log(
    `  postgres: planned ${fmt(plan.n)} conversations, ${fmt(plan.m)} messages, ${fmt(scale.contacts)} contacts in ${steps.plan.toFixed(1)} s`,
  );

  const c = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await c.connect();
  // Generation only: no fsync wait per statement, no FK triggers (rows consistent by construction),
  // big memory for the index builds.
  await c.query(`set synchronous_commit = off`);
  await c.query(`set session_replication_role = replica`);
  await c.query(`set maintenance_work_mem = '1GB'`);
  const ixr = await c.query(
    `select i.relname as name, pg_get_indexdef(i.oid) as def
       from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class tb on tb.oid = x.indrelid
       join pg_namespace ns on ns.oid = tb.relnamespace
      where ns.nspname = $1 and tb.relname in ('conversations', 'messages')
        and not exists (select 1 from pg_constraint k where k.conindid = i.oid)`,
    [schema],
  );
  const indexes = ixr.rows as { name: string; def: string }[];
  for (const ix of indexes) await c.query(`drop index ${ix.name}`);

  t = performance.now();
  for (let i = 0; i < contacts.rows.length; i += 20_000)
    await c.query(pgInsert('contacts', CONTACT_COLS, contacts.rows.slice(i, i + 20_000)));
  steps.contacts = secs(t);

  t = performance.now();
  const BATCH = 10_000;
  let msgs = 0;
  let reads = 0;
  let lastLog = performance.now();
  let inflight: Promise<unknown> | null = null;
  let failed: unknown = null;
  for (let from = 0; from < plan.n; from += BATCH) {
    // Generate the next batch while PostgreSQL writes the previous one (two cores).
    const b = makeBatch(plan, setup, contacts, from, Math.min(plan.n, from + BATCH));
    await inflight;
    if (failed) throw failed;
    const qs = [
      pgInsert('conversations', CONV_COLS, b.conversations, {
        col: 'search_vector',
        expr: `to_tsvector('simple', u.__extra)`,
        values: b.docs.map((d) => d[2]),
      }),
      pgInsert('messages', MSG_COLS, b.messages),
      ...(b.reads.length ? [pgInsert('conversation_reads', READ_COLS, b.reads)] : []),
    ];
    inflight = (async () => {
      for (const q of qs) await c.query(q);
    })().catch((e) => (failed = e));
    msgs += b.messages.length;
    reads += b.reads.length;
    if (performance.now() - lastLog > 15_000 || from + BATCH >= plan.n) {
      progress('postgres', plan, t, Math.min(plan.n, from + BATCH), msgs, log);
      lastLog = performance.now();
    }
  }
  await inflight;
  if (failed) throw failed;
  await c.query(
    pgInsert(
      'conversation_counts',
      ['inbox_id', 'folder', 'status', 'channel_kind', 'assignee_key', 'is_bot', 'n'],
      countRows(plan, setup),
    ),
  );
  // The sequence continues after the highest document key, as if every one came from nextval().
  await c.query(`select setval('conversation_search_seq', $1)`, [plan.n]);
  steps.rows = secs(t);

  t = performance.now();
  for (const ix of indexes) {
    const t1 = performance.now();
    await c.query(ix.def);
    log(`  postgres: index ${ix.name} rebuilt in ${secs(t1).toFixed(1)} s`);
  }
  steps.indexes = secs(t);
  t = performance.now();
  await c.query('set session_replication_role = origin');
  for (const table of ['contacts', 'conversations', 'conversation_reads', 'conversation_counts', 'messages']) {
    const t1 = performance.now();
    await c.query(`vacuum (analyze) ${table}`);
    log(`  postgres: vacuum analyze ${table} in ${secs(t1).toFixed(1)} s`);
  }
  steps.analyze = secs(t);

  const meta: Meta = {
    version: DATA_VERSION,
    scale,
    nowMs,
    setup,
    rows: {
      conversations: plan.n,
      messages: plan.m,
      contacts: scale.contacts,
      reads,
      openConversations: plan.open.reduce((a, b) => a + b, 0),
    },
    generationSeconds: secs(T),
    steps,
  };
  await c.query(`comment on schema ${schema} is ${c.escapeLiteral(JSON.stringify(meta))}`);
  await c.end();
  return meta;
}
