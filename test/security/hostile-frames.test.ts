/**
 * "Nothing a client sends may stop a process": a real `switchboard start` process per engine
 * gets the reported frame (a presence frame whose conversation id holds a NUL byte, which ended
 * the process on PostgreSQL) and its variants on the agent stream and the widget socket (NUL
 * anywhere, lone surrogates, huge strings, wrong types, not JSON, binary, invalid UTF-8, deep
 * nesting, seeded random mutations). After each frame the socket answers a probe and the process
 * answers `/healthz`; at the end it still serves a fresh stream. FUZZ_SEED replays a run.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite, isolatedStorage, PG_URL, type Engine } from '../support/engines.js';
import { startServerProcess, type ServerProcess } from '../support/process.js';
import { Client } from '../support/server.js';
import { StreamClient } from '../support/stream.js';
import { runStreamFrames, runWidgetFrames, streamFrames, widgetFrames, widgetHelloFrames, type Frame } from './support/frames.js';
import { fuzzSeed, seeded } from './support/hostile.js';

const seed = fuzzSeed();
console.log(`# hostile-frames seed ${seed} (replay with FUZZ_SEED=${seed})`);

for (const engine of engines) {
  describe(`hostile socket frames against a server process on ${engine}`, await engineSuite(engine), () => {
    let proc: ServerProcess;
    let storage: Awaited<ReturnType<typeof isolatedStorage>>;
    let agent: Client;
    let conversationId: string;
    let channelId: string;

    const alive = async (f: Frame) => {
      assert.equal(proc.child.exitCode, null, `the process ended after "${f.label}": ${proc.output().slice(-2000)}`);
      const h = await fetch(`${proc.url}/healthz`).catch((err: Error) => ({ status: 0, err }));
      assert.equal(h.status, 200, `no health answer after "${f.label}"`);
    };

    before(async () => {
      storage = await isolatedStorage(engine as Engine);
      proc = await startServerProcess({
        ...(engine === 'postgres' ? { DATABASE_URL: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${storage.schema}`)}` } : {}),
        DATA_DIR: storage.dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        SMTP_PORT: '0',
        LOG_LEVEL: 'silent',
        ADMIN_EMAIL: 'admin@example.com',
        ADMIN_PASSWORD: 'admin-password-1',
      });
      const admin = new Client(proc.url);
      assert.equal((await admin.post('/api/v1/auth/login', { email: 'admin@example.com', password: 'admin-password-1' })).status, 200);
      assert.equal(
        (await admin.post('/api/v1/users', { email: 'agent@example.com', name: 'Agent', role: 'agent', password: 'agent-password-1' }))
          .status,
        201,
      );
      agent = new Client(proc.url);
      assert.equal((await agent.post('/api/v1/auth/login', { email: 'agent@example.com', password: 'agent-password-1' })).status, 200);
      const inboxId = (await admin.get('/api/v1/inboxes')).body.items[0].id;
      conversationId = (await admin.post(`/api/v1/inboxes/${inboxId}/conversations`, { contact: { email: 'c@example.com' }, body: 'hi' }))
        .body.id;
      const ch = await admin.post(`/api/v1/inboxes/${inboxId}/channels`, {
        kind: 'chat',
        name: 'Website',
        settings: { allowedOrigins: ['http://shop.example'] },
      });
      assert.equal(ch.status, 201, JSON.stringify(ch.body));
      channelId = ch.body.id;
    });
    after(async () => {
      await proc?.stop();
      await storage?.drop();
    });

    test('the reported frame, sent by an agent before and after ready, leaves the process serving', async () => {
      const frame = JSON.stringify({ type: 'presence', conversationId: 'a\u0000b', state: 'viewing' });
      for (let i = 0; i < 3; i++) {
        // Before ready: sent the moment the socket opens.
        await runStreamFrames(proc.url, agent.cookie, conversationId, [{ label: `the report (${i})`, data: frame }], alive);
        const st = await StreamClient.connect(proc.url, { cookie: agent.cookie });
        st.send(JSON.parse(frame));
        const err = await st.next((m) => m.type === 'error');
        assert.match(err.message, /NUL/);
        st.close();
        await alive({ label: 'the report after ready', data: frame });
      }
    });

    test('stream frames: NUL anywhere, surrogates, huge, wrong types, not JSON, binary', async () => {
      const frames = streamFrames(seeded(seed), 40);
      const run = await runStreamFrames(proc.url, agent.cookie, conversationId, frames, alive);
      assert.ok((run.outcomes.get('answered') ?? 0) > frames.length / 2, JSON.stringify([...run.outcomes]));
    });

    test('widget frames before and after hello leave the process serving, and no error shows database text', async () => {
      await runWidgetFrames(proc.url, channelId, 'http://shop.example', widgetHelloFrames(seeded(seed + 1), 20), false, alive);
      await runWidgetFrames(proc.url, channelId, 'http://shop.example', widgetFrames(seeded(seed + 2), 40), true, alive);
    });

    test('afterwards a fresh stream works: presence on a real conversation is shared', async () => {
      await alive({ label: 'the end', data: '' });
      const st = await StreamClient.connect(proc.url, { cookie: agent.cookie });
      st.send({ type: 'presence', conversationId, state: 'typing' });
      const p = await st.next((m) => m.type === 'presence' && m.conversationId === conversationId);
      assert.equal(p.users[0].state, 'typing');
      st.close();
    });
  });
}
