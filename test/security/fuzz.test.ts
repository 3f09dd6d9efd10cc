/**
 * Fuzz: every REST route in the OpenAPI document, as an agent, as an admin and anonymously,
 * with random and hostile values (NUL, lone surrogates, 1 MB strings, deep nesting, wrong
 * types, not JSON) in path, query and body; then hostile frames on the agent stream and the
 * widget socket. No answer may be a 5xx, none may hang, and `/healthz` answers after each.
 *
 * `npm test` runs a bounded sample; `npm run fuzz` runs longer (FUZZ_ITERATIONS requests per
 * route and actor, default 2). The seed is printed: FUZZ_SEED=<seed> replays a run.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { ProbeSocket, runStreamFrames, runWidgetFrames, streamFrames, widgetFrames, widgetHelloFrames } from './support/frames.js';
import { deep, fuzzSeed, hostileString, hostileValue, mutate, pick, seeded, type Rand } from './support/hostile.js';

const seed = fuzzSeed();
const iterations = Number(process.env.FUZZ_ITERATIONS ?? 2);
console.log(
  `# fuzz seed ${seed}, ${iterations} requests per route and actor (replay with FUZZ_SEED=${seed} FUZZ_ITERATIONS=${iterations})`,
);

type JsonSchema = Record<string, any>;

/** encodeURIComponent, except that a lone surrogate goes out as the invalid UTF-8 an attacker would send. */
const enc = (v: string): string =>
  v
    .split(/([\ud800-\udfff])/)
    .map((part) => (/^[\ud800-\udfff]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');

/** A plausible value for a JSON schema (so mutations reach past the first check). */
function sample(r: Rand, s: JsonSchema | undefined, depth = 0): unknown {
  if (!s || depth > 6) return null;
  if (s.const !== undefined) return s.const;
  if (s.enum) return pick(r, s.enum);
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return sample(r, pick(r, alt), depth + 1);
  if (s.allOf) return Object.assign({}, ...s.allOf.map((x: JsonSchema) => sample(r, x, depth + 1)));
  const type = Array.isArray(s.type) ? pick(r, s.type) : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries<JsonSchema>(s.properties ?? {}))
        if (s.required?.includes(k) || r() < 0.5) out[k] = sample(r, v, depth + 1);
      return out;
    }
    case 'array':
      return Array.from({ length: Math.floor(r() * 3) }, () => sample(r, s.items, depth + 1));
    case 'string':
      if (s.format === 'email') return `f${Math.floor(r() * 1e6)}@example.com`;
      if (s.format === 'date-time') return new Date().toISOString();
      return 'fuzz'.padEnd(s.minLength ?? 0, 'z');
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return r() < 0.5;
    case 'null':
      return null;
    default:
      return 'fuzz';
  }
}

interface Op {
  method: string;
  path: string;
  query: { name: string; schema: JsonSchema }[];
  body?: JsonSchema;
}

function operations(doc: any): Op[] {
  const ops: Op[] = [];
  for (const [path, byMethod] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(byMethod)) {
      if (path === '/api/v1/stream') continue; // a WebSocket: fuzzed below with frames
      ops.push({
        method: method.toUpperCase(),
        path,
        query: (op.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => ({ name: p.name, schema: p.schema })),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return ops;
}

interface Attempt {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  label: string;
}

/** One hostile request for `op`; `ids` are real ids to put in the path some of the time. */
function attempt(r: Rand, op: Op, ids: string[]): Attempt {
  const path = op.path.replace(/\{(\w+)\}/g, () =>
    enc(r() < 0.6 && ids.length ? pick(r, ids) : hostileString(r).slice(0, pick(r, [64, 2000]))),
  );
  const q: string[] = [];
  for (const p of op.query) {
    if (r() < 0.4) continue;
    const v = r() < 0.5 ? sample(r, p.schema) : hostileString(r).slice(0, pick(r, [200, 4000]));
    q.push(`${p.name}=${enc(typeof v === 'string' ? v : JSON.stringify(v))}`);
    if (r() < 0.1) q.push(`${p.name}=${enc(hostileString(r).slice(0, 100))}`); // the same name twice: an array
  }
  if (r() < 0.1) q.push(`${enc(hostileString(r).slice(0, 50))}=${enc(hostileString(r).slice(0, 50))}`);
  const qs = q.join('&');
  const url = `${path}${qs ? `?${qs}` : ''}`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  let body: string | Buffer | undefined;
  const roll = r();
  if (op.method === 'GET') body = undefined;
  else if (op.path === '/api/v1/attachments') {
    headers['content-type'] = pick(r, ['application/octet-stream', 'application/json', 'text/plain']);
    body = Buffer.from(hostileString(r).slice(0, 10_000));
  } else if (roll < 0.1)
    body = pick(r, ['{', '[', 'nul\u0000', '{"a":', '"\u0000"', 'null', '1e999', '', '['.repeat(3000) + ']'.repeat(3000)]);
  else if (roll < 0.15) {
    headers['content-type'] = pick(r, [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-16',
    ]);
    body = hostileString(r).slice(0, 1000);
  } else if (roll < 0.3) body = JSON.stringify(hostileValue(r));
  else if (roll < 0.35) body = JSON.stringify({ ...(sample(r, op.body) as object), nested: deep(2000, 'object', '\u0000') });
  else {
    const base = sample(r, op.body);
    body = JSON.stringify(
      base && typeof base === 'object' && !Array.isArray(base) ? mutate(r, base as Record<string, unknown>) : hostileValue(r),
    );
  }
  return { method: op.method, url, headers, body, label: `${op.method} ${op.path}` };
}

for (const engine of engines) {
  describe(`fuzz on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let admin: Client;
    let agent: Client;
    let ids: { admin: string[]; agent: string[] };
    let channelId: string;
    let mainInboxId: string;
    let requests = 0;

    const healthy = async (after: string) => {
      const h = await fetch(`${s.url}/healthz`, { signal: AbortSignal.timeout(5000) }).catch((err: Error) => ({
        status: `failed: ${err.message}`,
      }));
      assert.equal(h.status, 200, `no health answer after ${after}`);
    };

    /** Sends `a` as `who`; a 5xx, a hang (10 s) or a dropped connection fails the test, naming the request. */
    const send = async (who: Client | null, a: Attempt) => {
      const headers: Record<string, string> = { origin: s.url, ...a.headers };
      if (who?.cookie) headers.cookie = who.cookie;
      let status: number;
      let text = '';
      try {
        const res = await fetch(s.url + a.url, {
          method: a.method,
          headers,
          body: typeof a.body === 'string' || a.body === undefined ? a.body : new Uint8Array(a.body),
          signal: AbortSignal.timeout(10_000),
        });
        status = res.status;
        text = await res.text();
      } catch (err) {
        assert.fail(`${a.label} (${a.url.slice(0, 200)}) did not answer: ${(err as Error).message}; body ${String(a.body).slice(0, 300)}`);
      }
      requests++;
      assert.ok(
        status < 500,
        `${a.label} answered ${status} ${text.slice(0, 300)}\n  url: ${a.url.slice(0, 300)}\n  body: ${String(a.body).slice(0, 500)}`,
      );
      await healthy(a.label);
      return status;
    };

    before(async () => {
      s = await startTestServer({ engine });
      admin = s.adminClient;
      await admin.post('/api/v1/users', {
        email: 'agent@example.com',
        name: 'Agent',
        role: 'agent',
        password: 'agent-password-1',
        paidSeat: true,
      });
      agent = await s.login('agent@example.com', 'agent-password-1');
      const inboxId = (await admin.get('/api/v1/inboxes')).body.items[0].id;
      mainInboxId = inboxId;
      const spare = (await admin.post('/api/v1/inboxes', { name: 'Spare' })).body.id;
      const conv = (await admin.post(`/api/v1/inboxes/${inboxId}/conversations`, { contact: { email: 'fuzz@example.com' }, body: 'hello' }))
        .body;
      const ch = await admin.post(`/api/v1/inboxes/${inboxId}/channels`, {
        kind: 'chat',
        name: 'Website',
        settings: { allowedOrigins: ['http://shop.example'] },
      });
      channelId = ch.body.id;
      const template = (await admin.post('/api/v1/templates', { name: 'T', subject: 'S', html: '<p>x</p>' })).body?.id;
      const messageId = (await admin.get(`/api/v1/conversations/${conv.id}/messages`)).body.items[0]?.id;
      const common = [conv.id, conv.contactId ?? conv.contact?.id, channelId, spare, template, messageId].filter(
        (x): x is string => typeof x === 'string',
      );
      const agentId = (await agent.get('/api/v1/me')).body.id;
      // The admin gets no real user or main inbox id in paths: its hostile edits must not lock the agent out.
      ids = { admin: common, agent: [...common, agentId, inboxId] };
    });
    after(() => s?.close());

    const rest = (who: 'agent' | 'admin' | 'anonymous', salt: number) => async () => {
      const r = seeded(seed + salt);
      const doc = (await s.anonymous().get('/api/v1/openapi.json')).body;
      const ops = operations(doc);
      assert.ok(ops.length > 50, 'the OpenAPI document lists the routes');
      for (const op of ops) {
        for (let i = 0; i < iterations; i++) {
          const client = who === 'agent' ? agent : who === 'admin' ? admin : null;
          const status = await send(client, attempt(r, op, who === 'admin' ? ids.admin : ids.agent));
          // A hostile request may end its own session (logout, a new password): log in again.
          if (status === 401 && client && (await client.get('/api/v1/me')).status === 401) {
            const again =
              who === 'agent'
                ? await s.login('agent@example.com', 'agent-password-1').catch(() => null)
                : await s.login(s.admin.email, s.admin.password).catch(() => null);
            if (again) client.cookie = again.cookie;
          }
        }
      }
    };

    test('every REST route as an agent: no 5xx, no hang, healthy after each', { timeout: 600_000 }, rest('agent', 1));
    test('every REST route anonymously: no 5xx, no hang, healthy after each', { timeout: 600_000 }, rest('anonymous', 2));
    test('every REST route as an admin: no 5xx, no hang, healthy after each', { timeout: 600_000 }, rest('admin', 3));

    test('agent stream and widget frames: no server failure, healthy after each', { timeout: 600_000 }, async () => {
      const check = async (f: { label: string }) => healthy(`frame "${f.label}"`);
      // The admin's hostile requests above may have deleted or moved the first conversation and channel (an admin
      // may do so, and some seeds do): the probes get a conversation and a channel of their own.
      const fresh = await s.login(s.admin.email, s.admin.password);
      const probe = await fresh.post(`/api/v1/inboxes/${mainInboxId}/conversations`, {
        contact: { email: 'probe@example.com' },
        body: 'probe',
      });
      const chat = await fresh.post(`/api/v1/inboxes/${mainInboxId}/channels`, {
        kind: 'chat',
        name: 'Probe site',
        settings: { allowedOrigins: ['http://shop.example'] },
      });
      assert.ok(probe.body.id && chat.body.id, `probe conversation ${probe.status}, channel ${chat.status}`);
      const frameAgent = await s.login('agent@example.com', 'agent-password-1');
      await runStreamFrames(s.url, frameAgent.cookie, probe.body.id, streamFrames(seeded(seed + 4), 10 * iterations), check);
      await runWidgetFrames(s.url, chat.body.id, 'http://shop.example', widgetHelloFrames(seeded(seed + 5), 5 * iterations), false, check);
      await runWidgetFrames(s.url, chat.body.id, 'http://shop.example', widgetFrames(seeded(seed + 6), 10 * iterations), true, check);
    });

    test('anonymous and hostile stream and widget upgrades are refused, never a 5xx', { timeout: 600_000 }, async () => {
      const r = seeded(seed + 7);
      for (let i = 0; i < 10 * iterations; i++) {
        const v = enc(hostileString(r).slice(0, 500));
        for (const [path, who] of [
          [`/api/v1/stream?after=${v}`, null],
          [`/api/v1/stream?after=${v}`, agent],
          [`/api/v1/widget/socket?channel=${v}`, null],
          [`/api/v1/widget/socket?channel=${encodeURIComponent(channelId)}&x=${v}`, null],
        ] as const) {
          const headers: Record<string, string> = { origin: r() < 0.5 ? s.url : 'http://shop.example' };
          if (who) headers.cookie = who.cookie;
          const refused = await ProbeSocket.open(`${s.url.replace(/^http/, 'ws')}${path}`, headers).then(
            (ps) => (ps.close(), 'opened'),
            (err: Error) => err.message,
          );
          assert.ok(refused === 'opened' || /refused: 4\d\d/.test(refused), `${path.slice(0, 200)}: ${refused}`);
          await healthy(path.slice(0, 100));
        }
      }
    });

    test('the sample was real', () => {
      assert.ok(requests > 100, `${requests} requests`);
    });
  });
}
