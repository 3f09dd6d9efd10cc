/**
 * What goes out by mail, on both engines, at a real capture SMTP server: an admin-started reset
 * link is mailed (and not shown to the admin) when a relay is set; From-address verification
 * codes are limited per target address across channels (sends and tries), not per channel.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startCapture, waitFor, type Captured } from '../email/support/mail.js';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { newAgent, uniq } from './access-support.js';

for (const engine of engines) {
  describe(`access by mail on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let capture: Awaited<ReturnType<typeof startCapture>>;
    const newChannel = async () => {
      const inbox = (await a.post('/api/v1/inboxes', { name: `Codes ${uniq()}` })).body;
      return (await a.get(`/api/v1/inboxes/${inbox.id}/channels`)).body.items.find((c: any) => c.kind === 'email').id as string;
    };
    const sentTo = (address: string, after: number) =>
      waitFor(`mail to ${address}`, () => capture.messages.slice(after).find((m: Captured) => m.envelope.to.includes(address)));
    const codeOf = (m: Captured) => /Verification code: (\d{6})/.exec(m.parsed.text ?? '')![1]!;
    const requestCode = async (channelId: string, address: string) => {
      const mark = capture.messages.length;
      const r = await a.post(`/api/v1/channels/${channelId}/from-address`, { address });
      return r.status === 200 ? { status: 200, code: codeOf(await sentTo(address, mark)) } : { status: r.status, body: r.body };
    };

    before(async () => {
      capture = await startCapture();
      s = await startTestServer({ engine, env: { SMTP_RELAY_URL: capture.url } });
      a = s.adminClient;
    });
    after(async () => {
      await s?.close();
      await capture?.close();
    });

    test('with a relay the reset link is mailed to the user, not shown to the admin, and works once', async () => {
      const u = await newAgent(s);
      const mark = capture.messages.length;
      const r = await a.post(`/api/v1/users/${u.id}/password-reset`);
      assert.equal(r.status, 201);
      assert.equal(r.body.emailed, true);
      assert.equal(r.body.link, null);
      const m = await sentTo(u.email, mark);
      const link = /(http\S+\/reset-password#token=\S+)/.exec(m.parsed.text ?? '')![1]!;
      assert.ok(link.startsWith(s.url));
      const token = new URL(link).hash.replace('#token=', '');
      assert.equal((await s.anonymous().post('/api/v1/auth/password-reset', { token, password: 'mailed-link-password' })).status, 204);
      assert.equal((await u.client.get('/api/v1/me')).status, 401);
      await s.login(u.email, 'mailed-link-password');
      assert.equal((await s.anonymous().post('/api/v1/auth/password-reset', { token, password: 'mailed-link-again-1' })).status, 400);
      const job = await s.running.ctx.db.kysely.selectFrom('jobs').select('payload').where('kind', '=', 'password-reset-email').execute();
      assert.ok(job.length && job.every((j) => !j.payload.includes(token)), 'the link no longer lies in the job');
    });

    test("the reset mail is written in the user's language", async () => {
      const u = await newAgent(s);
      assert.equal((await u.client.patch('/api/v1/me', { locale: 'sv' })).status, 200);
      const mark = capture.messages.length;
      assert.equal((await a.post(`/api/v1/users/${u.id}/password-reset`)).status, 201);
      const m = await sentTo(u.email, mark);
      assert.equal(m.parsed.subject, 'Ange ditt lösenord för Switchboard');
      assert.match(m.parsed.text ?? '', /Öppna länken inom 24 timmar; den fungerar en gång:\n\nhttp\S+\/reset-password#token=/);
    });

    for (const channels of [2, 3]) {
      test(`five codes an hour per address, however many channels ask (${channels} channels)`, async () => {
        const address = `target${uniq()}@victim.example`;
        const ids = await Promise.all(Array.from({ length: channels }, () => newChannel()));
        for (let i = 0; i < 5; i++) assert.equal((await requestCode(ids[i % channels]!, address)).status, 200, `code ${i + 1}`);
        for (const id of ids) {
          const r = await requestCode(id, address);
          assert.equal(r.status, 429, 'a sixth code from any channel is refused');
          assert.match(r.body.fields.address, /Too many codes/);
        }
        const other = await requestCode(ids[0]!, `other${uniq()}@victim.example`);
        assert.equal(other.status, 200, 'another address is not held back');
      });
    }

    test('ten tries an hour per address, across channels: even the right code is then refused', async () => {
      const address = `guess${uniq()}@victim.example`;
      const [c1, c2, c3] = [await newChannel(), await newChannel(), await newChannel()];
      for (const ch of [c1, c2]) {
        const { code } = await requestCode(ch, address);
        const wrong = code === '000000' ? '000001' : '000000';
        for (let i = 0; i < 5; i++)
          assert.equal((await a.post(`/api/v1/channels/${ch}/from-address/confirm`, { code: wrong })).status, 400);
      }
      const { code } = await requestCode(c3, address);
      const r = await a.post(`/api/v1/channels/${c3}/from-address/confirm`, { code });
      assert.equal(r.status, 429);
      assert.match(r.body.fields.code, /Too many tries/);
      assert.equal((await a.get(`/api/v1/channels/${c3}`)).body.email.identity.fromAddress, null, 'the address was not verified');
      const elsewhere = `ok${uniq()}@victim.example`;
      const fresh = await requestCode(c3, elsewhere);
      assert.equal(
        (await a.post(`/api/v1/channels/${c3}/from-address/confirm`, { code: fresh.code })).status,
        200,
        'another address is not held back',
      );
    });
  });
}
