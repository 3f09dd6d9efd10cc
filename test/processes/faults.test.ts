/**
 * Faults (issue #21): three processes (ROLE=all) on one PostgreSQL schema and Redis behind nginx (round
 * robin, no sticky sessions, WebSockets passed through), under mixed load: SMTP mail to the three SMTP ports
 * (a refused or failed connection is sent again to another port, as an MTA tries a second MX), widget chats
 * through nginx (a dropped socket reconnects and resends what was not acknowledged, as src/widget does), an
 * agent on the stream through nginx (resuming with `?after=`), agent replies over HTTP, and a webhook
 * subscription to a local receiver. One process is killed with SIGKILL in the middle and started again.
 * Afterwards: every mail that got 250 and every chat message that got an ack is stored exactly once, the
 * agent's stream saw every event once and in order, every agent reply reached its visitor, every job ran
 * and every webhook delivery arrived at least once, per conversation in event order.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import WebSocket from 'ws';
import { isolatedStorage, missing, PG_URL, REDIS_URL } from '../support/engines.js';
import { nginxMissing, startNginx, type Nginx } from '../support/nginx.js';
import { Client } from '../support/server.js';
import { startReceiver } from '../support/webhook-receiver.js';
import { childEnv, freePort, startChild, type Child } from '../email/support/child.js';
import { mail, sendRaw, waitFor } from '../email/support/mail.js';

const skip = (await missing('postgres')) ?? (await missing('redis')) ?? nginxMissing();
const ADMIN = { email: 'admin@example.com', password: 'admin-password-1' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Settling on a loaded 2-core machine: generous. */
const SETTLE_MS = Number(process.env.FAULTS_SETTLE_MS ?? 180_000);

/** One of the three processes: its ports stay the same when it is started again. */
class Proc {
  child: Child | null = null;
  constructor(
    readonly name: string,
    readonly httpPort: number,
    readonly smtpPort: number,
    private readonly env: Record<string, string>,
  ) {}
  async start(): Promise<void> {
    this.child = await startChild({ ...this.env, PORT: String(this.httpPort), SMTP_PORT: String(this.smtpPort) });
  }
  async kill(): Promise<void> {
    const c = this.child!;
    c.child.kill('SIGKILL');
    await c.exited;
    this.child = null;
  }
  async stop(): Promise<void> {
    const c = this.child;
    if (!c || c.child.exitCode !== null) return;
    c.child.kill('SIGTERM');
    const t = setTimeout(() => c.child.kill('SIGKILL'), 20_000);
    await c.exited;
    clearTimeout(t);
  }
}

/** A website visitor as src/widget behaves: hello with its token, unacknowledged messages resent after every welcome. */
class Visitor {
  ws: WebSocket | null = null;
  token: string | undefined;
  ready = false;
  stopped = false;
  conversationId: string | null = null;
  /** clientId → text, sent and not yet acknowledged. */
  readonly pending = new Map<string, string>();
  readonly sent: string[] = [];
  readonly acked = new Set<string>();
  /** Agent replies seen (live or in a welcome's history), and how often one came live on one socket. */
  readonly repliesSeen = new Set<string>();
  repeatedLive = 0;
  reconnects = 0;
  readonly errors: string[] = [];
  /** Upgrades refused (the status), and how each socket closed: what explains a wait that timed out. */
  readonly refusals: number[] = [];
  readonly closes: string[] = [];
  private n = 0;

  constructor(
    readonly url: string,
    readonly channelId: string,
    readonly ip: string,
    readonly label: string,
  ) {}

  connect(): void {
    if (this.stopped) return;
    this.ready = false;
    const ws = new WebSocket(`${this.url.replace(/^http/, 'ws')}/api/v1/widget/socket?channel=${this.channelId}`, {
      headers: { origin: 'http://shop.example', 'x-forwarded-for': this.ip },
      perMessageDeflate: false,
    });
    this.ws = ws;
    const liveIds = new Set<string>();
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', token: this.token })));
    ws.on('message', (raw) => {
      const d = JSON.parse(String(raw));
      if (d.type === 'welcome') {
        this.token = d.token;
        for (const m of d.messages as any[]) {
          if (m.clientId && this.pending.has(m.clientId)) this.ackOf(m.clientId, null);
          if (m.from === 'agent' && m.id) this.repliesSeen.add(m.id);
        }
        this.ready = true;
        for (const [clientId, text] of this.pending) ws.send(JSON.stringify({ type: 'message', clientId, text }));
      } else if (d.type === 'ack') {
        this.ackOf(d.clientId, d.conversationId);
      } else if (d.type === 'message' && d.message.from === 'agent') {
        if (liveIds.has(d.message.id)) this.repeatedLive++;
        liveIds.add(d.message.id);
        this.repliesSeen.add(d.message.id);
      } else if (d.type === 'error' && d.code === 'rate_limited') {
        setTimeout(() => {
          if (this.ws === ws && this.ready)
            for (const [clientId, text] of this.pending) ws.send(JSON.stringify({ type: 'message', clientId, text }));
        }, 2000);
      } else if (d.type === 'error') {
        this.errors.push(JSON.stringify(d));
      }
    });
    ws.on('unexpected-response', (_req, res) => {
      this.refusals.push(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', () => undefined);
    ws.on('close', (code, reason) => {
      this.closes.push(`${code} ${String(reason)}`);
      if (this.ws !== ws || this.stopped) return;
      this.ws = null;
      this.ready = false;
      this.reconnects++;
      setTimeout(() => this.connect(), 200 + Math.random() * 300);
    });
  }

  private ackOf(clientId: string, conversationId: string | null): void {
    this.pending.delete(clientId);
    this.acked.add(clientId);
    if (conversationId) this.conversationId = conversationId;
  }

  /** One more message, shown as pending at once and sent when the socket is ready (again after a reconnect). */
  say(): void {
    const clientId = `${this.label}-${String(++this.n).padStart(6, '0')}`;
    const text = `Chat ${clientId}`;
    this.pending.set(clientId, text);
    this.sent.push(clientId);
    if (this.ws && this.ready && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ type: 'message', clientId, text }));
  }

  close(): void {
    this.stopped = true;
    this.ws?.close();
  }
}

/** The agent's stream through nginx, reconnecting with `?after=` the last event id it saw, as src/web/api/stream.ts does. */
class Agent {
  ws: WebSocket | null = null;
  readonly ids: number[] = [];
  last: number | null = null;
  start: number | null = null;
  resets = 0;
  reconnects = 0;
  stopped = false;
  constructor(
    readonly url: string,
    readonly cookie: string,
  ) {}

  connect(): void {
    if (this.stopped) return;
    const after = this.last === null ? '' : `?after=${this.last}`;
    const ws = new WebSocket(`${this.url.replace(/^http/, 'ws')}/api/v1/stream${after}`, {
      headers: { origin: this.url, cookie: this.cookie },
      perMessageDeflate: false,
    });
    this.ws = ws;
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw));
      if (m.type === 'event') {
        this.ids.push(m.id);
        this.last = Math.max(this.last ?? 0, m.id);
      } else if (m.type === 'ready' && this.last === null) {
        this.last = m.lastEventId;
        this.start = m.lastEventId;
      } else if (m.type === 'reset') this.resets++;
    });
    ws.on('error', () => undefined);
    ws.on('close', () => {
      if (this.ws !== ws || this.stopped) return;
      this.ws = null;
      this.reconnects++;
      setTimeout(() => this.connect(), 200 + Math.random() * 300);
    });
  }

  close(): void {
    this.stopped = true;
    this.ws?.close();
  }
}

describe('faults on PostgreSQL and Redis behind nginx', skip ? { skip } : {}, () => {
  let storage: Awaited<ReturnType<typeof isolatedStorage>>;
  let nginx: Nginx | undefined;
  let rx: Awaited<ReturnType<typeof startReceiver>>;
  let db: pg.Client;
  const procs: Proc[] = [];

  before(async () => {
    storage = await isolatedStorage('postgres');
    rx = await startReceiver();
    const nginxPort = await freePort();
    const ports: { http: number; smtp: number }[] = [];
    for (let i = 0; i < 3; i++) ports.push({ http: await freePort(), smtp: await freePort() });
    const env = childEnv(
      { dataDir: storage.dataDir, databaseUrl: PG_URL, schema: storage.schema },
      {
        ROLE: 'all',
        REDIS_URL,
        REDIS_PREFIX: `faults-${randomBytes(4).toString('hex')}`,
        // nginx, on loopback, is the one proxy in front: the visitor's address is the hop before it.
        TRUST_PROXY: '127.0.0.1',
        PUBLIC_URL: `http://127.0.0.1:${nginxPort}`,
        ALLOW_PRIVATE_WEBHOOKS: '1',
      },
    );
    ports.forEach((p, i) => procs.push(new Proc(`p${i + 1}`, p.http, p.smtp, env)));
    // One after the other: the first migrates and creates the admin.
    for (const p of procs) await p.start();
    nginx = await startNginx(
      nginxPort,
      procs.map((p) => p.httpPort),
    );
    db = new pg.Client({ connectionString: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${storage.schema}`)}` });
    await db.connect();
  });

  after(async () => {
    await nginx?.stop();
    await Promise.all(procs.map((p) => p.stop()));
    await db?.end();
    await rx?.close();
    await storage?.drop();
  });

  test('three processes behind nginx: one killed with SIGKILL under mixed load', { timeout: 600_000 }, async (t) => {
    const url = nginx!.url;
    const admin = new Client(url);
    assert.equal((await admin.post('/api/v1/auth/login', ADMIN)).status, 200);
    const adminId = (await db.query(`select id from users where email = $1`, [ADMIN.email])).rows[0].id as string;
    const inbox = (await admin.get('/api/v1/inboxes')).body.items[0];
    const channel = (await admin.post(`/api/v1/inboxes/${inbox.id}/channels`, { kind: 'chat', name: 'Site' })).body;
    assert.ok(channel.id, JSON.stringify(channel));
    const hook = await admin.post('/api/v1/webhooks', {
      name: 'Receiver',
      url: rx.url('/hook'),
      eventTypes: ['conversation.created', 'message.created'],
    });
    assert.equal(hook.status, 201, JSON.stringify(hook.body));

    const agent = new Agent(url, admin.cookie);
    agent.connect();
    await waitFor('the stream ready', () => agent.start !== null, 60_000);

    const visitors = Array.from({ length: 6 }, (_, i) => new Visitor(url, channel.id, `10.21.0.${i + 1}`, `v${i + 1}`));
    for (const v of visitors) v.connect();
    t.after(() => {
      agent.close();
      for (const v of visitors) v.close();
    });

    let loading = true;
    // Mail: two senders, each mail to the next SMTP port; a failure goes to another one, as to a second MX.
    const mailSent: string[] = [];
    const mailAcked = new Set<string>();
    let mailRetries = 0;
    let mailN = 0;
    const sender = async (k: number) => {
      let port = k;
      while (loading) {
        const subject = `Fault mail ${++mailN}`;
        mailSent.push(subject);
        const raw = mail({ to: inbox.fallbackAddress, from: `sender${k}@example.org`, subject, text: `Body of ${subject}` });
        for (let attempt = 0; ; attempt++) {
          const p = procs[port++ % procs.length]!;
          const r = await sendRaw(p.smtpPort, inbox.fallbackAddress, raw);
          if (r.ok) {
            mailAcked.add(subject);
            break;
          }
          mailRetries++;
          if (attempt > 30) break;
          await sleep(attempt < 3 ? 50 : 500);
        }
        await sleep(100);
      }
    };
    // Chat: each visitor says something every half second or so, whether its socket is up or not.
    const chatter = async (v: Visitor) => {
      while (loading) {
        if (v.pending.size < 3) v.say();
        await sleep(400 + Math.random() * 400);
      }
    };
    // Agent replies over HTTP, to the chats that have a conversation; a 201 is acknowledged.
    const replies = new Map<string, { conversationId: string; visitor: Visitor; text: string }>();
    let replyFailures = 0;
    let replyN = 0;
    const replier = async () => {
      const agentClient = new Client(url);
      agentClient.cookie = admin.cookie;
      while (loading) {
        const started = visitors.filter((v) => v.conversationId);
        if (started.length) {
          const v = started[replyN % started.length]!;
          const text = `Reply ${++replyN}`;
          try {
            const r = await agentClient.post(`/api/v1/conversations/${v.conversationId}/messages`, { kind: 'reply', body: text });
            if (r.status === 201) replies.set(r.body.id, { conversationId: v.conversationId!, visitor: v, text });
            else replyFailures++;
          } catch {
            replyFailures++;
          }
        }
        await sleep(300);
      }
    };
    const load = Promise.all([sender(0), sender(1), ...visitors.map(chatter), replier()]);

    await sleep(4000);
    const victim = procs[1]!;
    await victim.kill();
    await sleep(2000);
    await victim.start();
    await sleep(4000);
    loading = false;
    await load;

    // Settle: every chat message acknowledged (resent where its socket dropped).
    await waitFor(
      'every chat message acknowledged',
      () => visitors.every((v) => v.pending.size === 0),
      SETTLE_MS,
      () =>
        visitors
          .map(
            (v) =>
              `${v.label}: pending ${[...v.pending.keys()].join(' ')}; errors ${v.errors.join(' ')}; ` +
              `refused ${v.refusals.join(' ')}; closed ${v.closes.slice(-5).join(', ')}`,
          )
          .join('; '),
    );
    // Every job done.
    await waitFor(
      'every job done',
      async () =>
        (
          await db.query(`select count(*)::int n from jobs where status in ('pending', 'running') and run_at <= $1`, [
            new Date().toISOString(),
          ])
        ).rows[0].n === 0,
      SETTLE_MS,
      async () =>
        JSON.stringify((await db.query(`select kind, status, attempts, run_at, last_error from jobs where status <> 'done'`)).rows),
    );
    const jobs = (await db.query(`select kind, status, attempts from jobs`)).rows as { kind: string; status: string; attempts: number }[];
    const failedJobs = jobs.filter((j) => j.status === 'failed');
    const again = jobs.filter((j) => j.attempts > 1);
    console.log(
      `jobs: ${jobs.length}, done ${jobs.filter((j) => j.status === 'done').length}, failed ${failedJobs.length}, ` +
        `claimed again (their process killed, or a retry) ${again.length} (${[...new Set(again.map((j) => j.kind))].join(', ')})`,
    );
    assert.deepEqual(failedJobs, [], 'no job failed');

    // Mail: every 250 stored once (one conversation, one message).
    const mailRows = (
      await db.query(
        `select c.subject, count(distinct c.id)::int convs, count(m.id)::int msgs from conversations c
         left join messages m on m.conversation_id = c.id and m.kind = 'incoming'
         where c.subject like 'Fault mail %' group by c.subject`,
      )
    ).rows as { subject: string; convs: number; msgs: number }[];
    const mailStored = new Map(mailRows.map((r) => [r.subject, r]));
    const mailDup = mailRows.filter((r) => r.convs > 1 || r.msgs > 1);
    // Chat: every acknowledged message stored once.
    const chatRows = (
      await db.query(`select text, count(*)::int n from messages where kind = 'incoming' and text like 'Chat v%' group by text`)
    ).rows as { text: string; n: number }[];
    const chatStored = new Map(chatRows.map((r) => [r.text, r.n]));
    const chatSent = visitors.flatMap((v) => v.sent);
    const chatAcked = visitors.flatMap((v) => [...v.acked]);
    const replyRows = (
      await db.query(`select text, count(*)::int n from messages where kind = 'reply' and text like 'Reply %' group by text`)
    ).rows as { text: string; n: number }[];
    const replyStored = new Map(replyRows.map((r) => [r.text, r.n]));

    console.log(
      `mail: sent ${mailSent.length}, acknowledged (250) ${mailAcked.size}, stored ${mailStored.size}, duplicated ${mailDup.length}, ` +
        `sent again after a failure ${mailRetries}`,
    );
    console.log(
      `chat: sent ${chatSent.length}, acknowledged ${chatAcked.length}, stored ${chatRows.length}, ` +
        `duplicated ${chatRows.filter((r) => r.n > 1).length}, visitor reconnects ${visitors.reduce((n, v) => n + v.reconnects, 0)}`,
    );
    console.log(
      `agent replies: acknowledged (201) ${replies.size}, failed ${replyFailures}, stored ${replyRows.length}, ` +
        `duplicated ${replyRows.filter((r) => r.n > 1).length}`,
    );

    for (const s of mailAcked) assert.equal(mailStored.get(s)?.msgs, 1, `mail ${s} got 250: stored ${JSON.stringify(mailStored.get(s))}`);
    assert.deepEqual(mailDup, [], 'no mail stored twice');
    for (const v of visitors) for (const c of v.acked) assert.equal(chatStored.get(`Chat ${c}`), 1, `chat ${c} acknowledged, stored once`);
    assert.deepEqual(
      chatRows.filter((r) => r.n > 1),
      [],
      'no chat message stored twice',
    );
    for (const r of replies.values()) assert.equal(replyStored.get(r.text), 1, `${r.text} answered 201, stored once`);

    // Every agent reply reached its visitor (live, or in the history of a welcome after a reconnect).
    await waitFor(
      'every reply at its visitor',
      () => [...replies].every(([id, r]) => r.visitor.repliesSeen.has(id)),
      SETTLE_MS,
      () =>
        [...replies]
          .filter(([id, r]) => !r.visitor.repliesSeen.has(id))
          .map(([, r]) => `${r.text} to ${r.visitor.label}`)
          .join(', '),
    );

    const repeatedLive = visitors.reduce((n, v) => n + v.repeatedLive, 0);
    console.log(`widget: replies seen ${replies.size}, the same reply again on one socket ${repeatedLive}`);
    assert.deepEqual(
      visitors.flatMap((v) => v.errors),
      [],
      'no visitor was refused',
    );

    // The agent's stream: every event of the period (not placeholders; not another user's), once, in id order.
    const expected = (
      await db.query(`select id from events where id > $1 and type <> 'gap' and (user_id is null or user_id = $2) order by id`, [
        agent.start,
        adminId,
      ])
    ).rows.map((r) => Number(r.id));
    const lastExpected = expected.at(-1)!;
    await waitFor('the stream caught up', () => (agent.last ?? 0) >= lastExpected, SETTLE_MS);
    const seen = agent.ids.filter((id) => id <= lastExpected);
    const repeated = seen.length - new Set(seen).size;
    const missed = expected.filter((id) => !seen.includes(id));
    console.log(
      `stream: events ${expected.length}, seen ${new Set(seen).size}, missed ${missed.length}, repeated ${repeated}, ` +
        `reconnects ${agent.reconnects}, resets ${agent.resets}`,
    );
    assert.equal(agent.resets, 0);
    assert.deepEqual(missed, [], 'no event missed');
    assert.deepEqual(seen, expected, 'every event once, in id order');

    // Webhooks: a delivery for every conversation.created / message.created event, each received at least once,
    // first arrivals in event order per conversation.
    const hookEvents = (
      await db.query(
        `select id from events where id > $1 and type in ('conversation.created', 'message.created') and internal = 0 order by id`,
        [agent.start],
      )
    ).rows.map((r) => String(r.id));
    const deliveries = (
      await db.query(`select id, event_id, conversation_id from webhook_deliveries where webhook_id = $1`, [hook.body.id])
    ).rows as { id: string; event_id: string; conversation_id: string }[];
    const byEvent = new Map(deliveries.map((d) => [d.event_id, d]));
    assert.deepEqual(
      hookEvents.filter((id) => !byEvent.has(id)),
      [],
      'every event has its delivery',
    );
    await waitFor(
      'every webhook delivery received',
      () => deliveries.every((d) => rx.got.some((g) => g.headers['webhook-id'] === d.id)),
      SETTLE_MS,
    );
    const byId = new Map(deliveries.map((d) => [d.id, d]));
    const firstSeen = new Set<string>();
    const order = new Map<string, number[]>();
    for (const g of rx.got) {
      const d = byId.get(g.headers['webhook-id']!);
      if (!d || firstSeen.has(d.id)) continue;
      firstSeen.add(d.id);
      order.set(d.conversation_id, [...(order.get(d.conversation_id) ?? []), Number(d.event_id)]);
    }
    const outOfOrder = [...order].filter(([, ids]) => ids.some((id, i) => i > 0 && id < ids[i - 1]!));
    console.log(
      `webhooks: deliveries ${deliveries.length}, received ${rx.got.length} (${rx.got.length - firstSeen.size} again), ` +
        `conversations out of order ${outOfOrder.length}`,
    );
    assert.deepEqual(outOfOrder, [], 'per conversation in event order');
    assert.ok(mailAcked.size > 0 && chatAcked.length > 0 && replies.size > 0, 'there was load');
  });
});
