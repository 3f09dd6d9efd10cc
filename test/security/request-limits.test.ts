/**
 * Issue 13 §2: before authentication nothing large is read; large bodies only on the upload
 * route; JSON depth is limited; slow requests and surplus connections are cut off.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { head, rawConnect } from '../support/raw-http.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { upload } from '../support/upload.js';

const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const engine of engines) {
  describe(`request limits on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let agent: Client;
    let loggedOut: string;
    before(async () => {
      s = await startTestServer({ engine });
      assert.equal(
        (
          await s.adminClient.post('/api/v1/users', {
            email: 'limits@example.com',
            name: 'Limits',
            role: 'agent',
            password: 'limits-password-1',
          })
        ).status,
        201,
      );
      agent = await s.login('limits@example.com', 'limits-password-1');
      const gone = await s.login('limits@example.com', 'limits-password-1');
      loggedOut = gone.cookie;
      await gone.post('/api/v1/auth/logout');
    });
    after(() => s?.close());

    test('a request without valid credentials is answered 401 before its body is read, and the connection closed', async () => {
      const inboxId = (await agent.get('/api/v1/inboxes')).body.items[0].id;
      const credentials: Record<string, Record<string, string>> = {
        none: {},
        'forged cookie': { cookie: 'sb_session=forged-session-token' },
        'ended session': { cookie: loggedOut },
        'forged token': { authorization: 'Bearer sb_forged' },
      };
      const targets = [
        { method: 'POST', path: '/api/v1/attachments?filename=big.bin', type: 'application/octet-stream' },
        { method: 'POST', path: `/api/v1/inboxes/${inboxId}/conversations`, type: 'application/json' },
        { method: 'PATCH', path: '/api/v1/me', type: 'application/json' },
        { method: 'POST', path: '/api/v1/tokens', type: 'application/json' },
      ];
      const chunk = Buffer.alloc(64 * 1024, 0x5b);
      for (const [name, creds] of Object.entries(credentials)) {
        for (const t of targets) {
          for (const framing of ['content-length', 'chunked'] as const) {
            const c = await rawConnect(s.url);
            const length: Record<string, string | number> =
              framing === 'content-length' ? { 'content-length': 24 * MB } : { 'transfer-encoding': 'chunked' };
            c.write(head(t.method, t.path, s.url, { origin: s.url, 'content-type': t.type, ...length, ...creds }));
            // The first 64 KB of a 24 MB body; the rest never comes.
            c.write(
              framing === 'chunked' ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk,
            );
            const status = await c.status(10_000);
            assert.equal(status, 401, `${name}, ${t.method} ${t.path}, ${framing}: ${c.received().slice(0, 200)}`);
            await c.closedByServer(10_000);
            c.destroy();
          }
        }
      }
      // A body sent to no route is not read either.
      for (const path of ['/api/v1/nope', '/upload', '/api/v1/attachments/x/y']) {
        const c = await rawConnect(s.url);
        c.write(head('POST', path, s.url, { 'content-type': 'application/octet-stream', 'content-length': 24 * MB }));
        c.write(chunk);
        assert.equal(await c.status(10_000), 404, path);
        await c.closedByServer(10_000);
        c.destroy();
      }
    });

    test('only the upload route takes a large body; JSON bodies and open routes stay small (413, nothing changes)', async () => {
      const big = Buffer.alloc(3 * MB, 7);
      const up = await upload(agent, 'three-megabytes.bin', big);
      assert.equal(up.status, 201, JSON.stringify(up.body));
      const me = (await agent.get('/api/v1/me')).body;
      const send = (path: string, method: string, type: string, body: Buffer | string, c: Client | null) =>
        fetch(s.url + path, {
          method,
          headers: { origin: s.url, 'content-type': type, ...(c ? { cookie: c.cookie } : {}) },
          body: typeof body === 'string' ? body : new Uint8Array(body),
        });
      const cases: [string, string, string, Buffer | string, Client | null][] = [
        ['/api/v1/me', 'PATCH', 'application/octet-stream', big, agent],
        ['/api/v1/me', 'PATCH', 'application/json', JSON.stringify({ name: 'x'.repeat(3 * MB) }), agent],
        ['/api/v1/tokens', 'POST', 'application/json', JSON.stringify({ name: 'n', pad: 'y'.repeat(2.5 * MB) }), agent],
        [
          '/api/v1/auth/login',
          'POST',
          'application/json',
          JSON.stringify({ email: 'limits@example.com', password: 'p'.repeat(20_000) }),
          null,
        ],
        [
          '/api/v1/auth/login',
          'POST',
          'application/json',
          JSON.stringify({ email: 'limits@example.com', password: 'limits-password-1', pad: 'z'.repeat(100_000) }),
          null,
        ],
        ['/api/v1/auth/login', 'POST', 'application/octet-stream', big, null],
      ];
      for (const [path, method, type, body, c] of cases) {
        const r = await send(path, method, type, body, c);
        assert.equal(r.status, 413, `${method} ${path} ${type}`);
      }
      assert.deepEqual((await agent.get('/api/v1/me')).body, me);
    });

    test('JSON nested deeper than 64 levels is a 400 naming the body, however it nests; brackets inside strings do not count', async () => {
      const before = (await agent.get('/api/v1/me')).body;
      const deep = (n: number, open: string, close: string) => open.repeat(n) + close.repeat(n);
      const bodies = {
        'arrays, 65 deep': `{"name":${deep(65, '[', ']')}}`,
        'objects, 200 deep': `{"name":${deep(200, '{"a":', '}')}}`,
        'mixed, 5,000 deep': `{"name":${deep(2500, '[{"a":', '}]')}}`,
        'arrays, 1,000,000 deep': deep(1_000_000, '[', ']'),
        'unterminated, 1,000,000 deep': '['.repeat(1_000_000),
        'deep after a string with brackets': `{"name":"]]]]]]]]","avatarUrl":${deep(100, '[', ']')}}`,
      };
      for (const [name, body] of Object.entries(bodies)) {
        const r = await fetch(s.url + '/api/v1/me', {
          method: 'PATCH',
          headers: { origin: s.url, cookie: agent.cookie, 'content-type': 'application/json' },
          body,
        });
        const json = (await r.json()) as any;
        assert.equal(r.status, 400, name);
        assert.match(json.fields?.body ?? '', /deeper than 64/, name);
      }
      // The login route, open to anyone: a deep body within its size limit.
      const login = await fetch(s.url + '/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"email":${deep(7000, '[', ']')}}`,
      });
      assert.equal(login.status, 400);
      assert.match(((await login.json()) as any).fields.body, /deeper than 64/);
      assert.deepEqual((await agent.get('/api/v1/me')).body, before, 'nothing changed');
      // Brackets and escaped quotes inside strings are text, not nesting.
      const name = '[{'.repeat(40) + '\\"]';
      const ok = await fetch(s.url + '/api/v1/me', {
        method: 'PATCH',
        headers: { origin: s.url, cookie: agent.cookie, 'content-type': 'application/json' },
        body: `{"name":"${name}"}`,
      });
      assert.equal(ok.status, 200);
      assert.equal(((await ok.json()) as any).name, JSON.parse(`"${name}"`));
      // 64 levels is still parsed (the schema then judges it).
      const at64 = await fetch(s.url + '/api/v1/me', {
        method: 'PATCH',
        headers: { origin: s.url, cookie: agent.cookie, 'content-type': 'application/json' },
        body: `{"name":${deep(63, '[', ']')}}`,
      });
      assert.equal(at64.status, 400);
      assert.ok(((await at64.json()) as any).fields.name, 'the schema, not the depth check, refused it');
    });
  });

  describe(`slow requests and the connection cap on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    before(async () => {
      s = await startTestServer({ engine, env: { HTTP_REQUEST_TIMEOUT_S: '3', HTTP_HEADERS_TIMEOUT_S: '2', HTTP_MAX_CONNECTIONS: '30' } });
    });
    after(() => s?.close());

    test('slow headers and slow bodies are cut off by the headers and request timeouts', async () => {
      const trickle = (c: Awaited<ReturnType<typeof rawConnect>>, text: string) => {
        let i = 0;
        const t = setInterval(() => (i < text.length ? c.write(text[i++]!) : clearInterval(t)), 250);
        return () => clearInterval(t);
      };
      const slow = [
        // Headers a byte at a time, never finished.
        async () => {
          const c = await rawConnect(s.url);
          return { c, stop: trickle(c, head('GET', '/api/v1/me', s.url, { cookie: s.adminClient.cookie, 'x-pad': 'p'.repeat(200) })) };
        },
        // Headers complete, a body that trickles (authenticated, so it is read).
        async () => {
          const c = await rawConnect(s.url);
          c.write(
            head('PATCH', '/api/v1/me', s.url, {
              origin: s.url,
              cookie: s.adminClient.cookie,
              'content-type': 'application/json',
              'content-length': 400,
            }),
          );
          return { c, stop: trickle(c, `{"name":"${'n'.repeat(390)}"}`) };
        },
        // A chunked upload that trickles.
        async () => {
          const c = await rawConnect(s.url);
          c.write(
            head('POST', '/api/v1/attachments?filename=slow.bin', s.url, {
              origin: s.url,
              cookie: s.adminClient.cookie,
              'content-type': 'application/octet-stream',
              'transfer-encoding': 'chunked',
            }),
          );
          return { c, stop: trickle(c, '1\r\nx\r\n'.repeat(100)) };
        },
        // A request line started and then silence.
        async () => {
          const c = await rawConnect(s.url);
          c.write('GET /healthz HTTP/1.1\r\n');
          return { c, stop: () => undefined };
        },
      ];
      const open = await Promise.all([...slow, ...slow].map((f) => f()));
      await Promise.all(open.map(({ c }) => c.closedByServer(15_000)));
      for (const { c, stop } of open) {
        stop();
        c.destroy();
      }
      const me = (await s.adminClient.get('/api/v1/me')).body;
      assert.notEqual(me.name, 'n'.repeat(390), 'the trickled body changed nothing');
    });

    test('connections beyond HTTP_MAX_CONNECTIONS are closed at once; room frees as others close', async () => {
      const held: Awaited<ReturnType<typeof rawConnect>>[] = [];
      const tryOne = async () => {
        const c = await rawConnect(s.url);
        c.write(head('GET', '/healthz', s.url, {}));
        const status = await c.status(10_000);
        return { c, status };
      };
      // Fill the server up (this process's HTTP client may hold a few connections of its own).
      for (let i = 0; i < 40; i++) {
        const r = await tryOne();
        if (r.status === null) break;
        assert.equal(r.status, 200);
        held.push(r.c);
      }
      assert.ok(held.length <= 30 && held.length >= 20, `accepted ${held.length} of at most 30`);
      for (let i = 0; i < 5; i++) {
        const r = await tryOne();
        assert.equal(r.status, null, 'refused without an answer');
        r.c.destroy();
      }
      for (const c of held.splice(0, 3)) c.destroy();
      await sleep(200);
      for (let i = 0; i < 3; i++) {
        const r = await tryOne();
        assert.equal(r.status, 200, 'a freed place is taken again');
        held.push(r.c);
      }
      for (const c of held) c.destroy();
    });
  });
}
