/**
 * Issue 13 §2: the SMTP receiver caps concurrent connections per client address (421 beyond
 * SMTP_MAX_CONNECTIONS_PER_ADDRESS); other addresses are not affected and a closed connection frees its place.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { rawConnect, type RawConnection } from '../support/raw-http.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { mail, sendRaw } from './support/mail.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The first reply line of the server (the greeting or the refusal), within 10 s. */
async function firstReply(c: RawConnection): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (!c.received().includes('\r\n')) {
    if (Date.now() > deadline) throw new Error(`no greeting; got ${JSON.stringify(c.received())}`);
    await sleep(10);
  }
  return c.received().split('\r\n')[0]!;
}

for (const engine of engines) {
  describe(`SMTP connections per client address on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let url: string;
    const open: RawConnection[] = [];
    const connect = async (localAddress: string) => {
      const c = await rawConnect(url, { localAddress });
      open.push(c);
      return { c, reply: await firstReply(c) };
    };
    before(async () => {
      s = await startTestServer({ engine, env: { SMTP_MAX_CONNECTIONS_PER_ADDRESS: '3' } });
      url = `smtp://127.0.0.1:${s.running.smtpPort}`;
    });
    after(async () => {
      for (const c of open) c.destroy();
      await s?.close();
    });

    test('beyond the cap an address gets 421 and is disconnected; other addresses still connect; a closed connection frees its place', async () => {
      const addresses = ['127.0.0.1', '127.0.0.2', '127.0.0.3'];
      const held: Record<string, RawConnection[]> = {};
      for (const a of addresses) {
        held[a] = [];
        for (let i = 0; i < 3; i++) {
          const { c, reply } = await connect(a);
          assert.match(reply, /^220 /, `${a} #${i + 1}`);
          held[a]!.push(c);
        }
      }
      for (const a of addresses) {
        for (let i = 0; i < 2; i++) {
          const { c, reply } = await connect(a);
          assert.match(reply, /^421 /, `${a}: one too many`);
          await c.closedByServer(10_000);
        }
      }
      // A sender from a full address is refused before it can send anything; nothing is stored.
      const inboxId = (await s.adminClient.get('/api/v1/inboxes')).body.items[0].id;
      const slug = (await s.adminClient.get(`/api/v1/inboxes/${inboxId}`)).body.slug;
      const to = `${slug}@switchboard.localhost`;
      const refused = await sendRaw(s.running.smtpPort!, to, mail({ to, subject: 'Refused while full' }));
      assert.equal(refused.ok, false);
      assert.equal(refused.code, 421);
      // Closing connections frees their places, for a connection per message as many times as needed
      // (two freed: a sender's QUIT may still be closing when its next connection opens).
      held['127.0.0.1']!.shift()!.destroy();
      held['127.0.0.1']!.shift()!.destroy();
      await sleep(300);
      for (let i = 0; i < 5; i++) {
        const r = await sendRaw(s.running.smtpPort!, to, mail({ to, subject: `One connection per message ${i}` }));
        assert.equal(r.ok, true, JSON.stringify(r));
      }
      // Still full for the other addresses' fourth connection.
      for (const a of addresses.slice(1)) assert.match((await connect(a)).reply, /^421 /, a);
      const listed = (await s.adminClient.get('/api/v1/conversations?q=connection')).body.items.map((c: any) => c.subject);
      assert.equal(listed.filter((x: string) => x.startsWith('One connection per message')).length, 5);
      assert.equal((await s.adminClient.get('/api/v1/conversations?q=refused')).body.items.length, 0);
      for (const a of addresses) for (const c of held[a]!) c.destroy();
    });
  });
}
