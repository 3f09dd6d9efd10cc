/**
 * Settings › Export (issue 20), on both engines: an admin starts a full export, the job writes it
 * with progress until done, the archive downloads with the session and holds what `exportArchive`
 * (the CLI's writer) writes for the same data; the admin gets the download link by mail over SMTP
 * and it works without a session until it expires; a wrong token, an expired link and anyone but
 * an admin get "not found"; a second start while one is under way answers with that one.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { exportArchive } from '../../src/server/export/export.js';
import { expireExports, queuedExport, runExport } from '../../src/server/export/archives.js';
import { redactedUrl } from '../../src/server/http/log-redact.js';
import { comparableManifest, type Manifest } from '../../src/server/export/manifest.js';
import { engines, engineSuite } from '../support/engines.js';
import { Factory, type TestUser } from '../support/factory.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { PNG } from '../support/upload.js';
import { sendRaw, startCapture, waitFor } from '../email/support/mail.js';
import { entries } from '../export/support/archive.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-exports-api-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A download without any session: the bytes, saved to a file. */
async function fetchTo(url: string, file: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status === 200) fs.writeFileSync(file, body);
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    size: body.length,
  };
}

const manifestOf = (file: string) => JSON.parse(entries(file).get('manifest.json')!.toString('utf8')) as Manifest;

for (const engine of engines) {
  describe(`full exports from the app on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let f: Factory;
    let agent: TestUser;
    let capture: Awaited<ReturnType<typeof startCapture>>;
    before(async () => {
      capture = await startCapture();
      s = await startTestServer({ engine, env: { SMTP_RELAY_URL: capture.url } });
      f = new Factory(s);
      agent = await f.user();
      await f.conversation({ body: 'Exported from Settings' });
      // An email with an attachment: a file in the archive and a message in the inbox's mbox.
      const inbox = (await s.adminClient.get(`/api/v1/inboxes/${await f.defaultInbox()}`)).body;
      const raw = [
        'From: "Kim Customer" <kim@example.org>',
        `To: ${inbox.fallbackAddress}`,
        'Subject: Invoice attached',
        `Message-ID: <${f.uniq()}@example.org>`,
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Here is the invoice.',
        '--b1',
        'Content-Type: image/png; name="pixel.png"',
        'Content-Disposition: attachment; filename="pixel.png"',
        'Content-Transfer-Encoding: base64',
        '',
        PNG.toString('base64'),
        '--b1--',
        '',
      ].join('\r\n');
      assert.ok((await sendRaw(s.running.smtpPort!, inbox.fallbackAddress, raw, 'kim@example.org')).ok);
      await waitFor('the email conversation', async () =>
        ((await s.adminClient.get(`/api/v1/conversations?inboxId=${inbox.id}`)).body.items as any[]).find(
          (c) => c.subject === 'Invoice attached',
        ),
      );
    });
    after(async () => {
      await s?.close();
      await capture?.close();
    });

    const finished = (id: string) =>
      waitFor(
        'the export to finish',
        async () => {
          const r = await s.adminClient.get(`/api/v1/exports/${id}`);
          return r.body.status === 'done' || r.body.status === 'failed' ? r.body : null;
        },
        60_000,
      );

    let exportId = '';
    let linkFile = '';

    test('start: a second start while it is under way answers with the same export; the job runs it to done with counts and size', async () => {
      const [one, two] = await Promise.all([s.adminClient.post('/api/v1/exports'), s.adminClient.post('/api/v1/exports')]);
      assert.equal(one.status, 200, JSON.stringify(one.body));
      assert.equal(two.status, 200, JSON.stringify(two.body));
      assert.equal(two.body.id, one.body.id);
      assert.ok(['queued', 'running'].includes(one.body.status));
      assert.equal(one.body.downloadable, false);
      exportId = one.body.id;
      const done = await finished(exportId);
      assert.equal(done.status, 'done', done.error);
      assert.equal(done.stepsDone, done.stepsTotal);
      assert.ok(done.stepsTotal > 30, `steps: ${done.stepsTotal}`);
      assert.ok(done.rows > 0);
      assert.equal(done.files, 1);
      assert.ok(done.bytes > 0);
      assert.equal(done.downloadable, true);
      const days = (Date.parse(done.expiresAt) - Date.parse(done.finishedAt)) / 86_400_000;
      assert.equal(days, 7);
      const list = await s.adminClient.get('/api/v1/exports');
      assert.equal(list.status, 200);
      assert.equal(list.body.items[0].id, exportId);
      // Done: the next start is a new export.
      const next = await s.adminClient.post('/api/v1/exports');
      assert.notEqual(next.body.id, exportId);
      assert.equal((await finished(next.body.id)).status, 'done');
    });

    test('the download (session) holds what the export command writes for the same data: same manifest, counts and checksums', async () => {
      const file = path.join(tmp, `${engine}-session.tar.gz`);
      const r = await fetchTo(`${s.url}/api/v1/exports/${exportId}/download`, file, { cookie: s.adminClient.cookie });
      assert.equal(r.status, 200);
      assert.equal(r.type, 'application/gzip');
      assert.match(r.disposition!, /attachment; filename="switchboard-export-\d{4}-\d{2}-\d{2}\.tar\.gz"/);
      const listed = (await s.adminClient.get(`/api/v1/exports/${exportId}`)).body;
      assert.equal(r.size, listed.bytes);
      const cli = path.join(tmp, `${engine}-cli.tar.gz`);
      const expected = await exportArchive(s.running.ctx.db, s.running.ctx.mail.filesDir, cli);
      const got = manifestOf(file);
      assert.deepEqual(comparableManifest(got), comparableManifest(expected));
      assert.equal(got.tables.messages!.rows, 2);
      assert.equal(got.files.count, 1);
      assert.ok(entries(file).has(got.mbox[0]!.path));
    });

    test('the admin is mailed the link over SMTP; it downloads without a session; a wrong token is not found', async () => {
      const mails = await waitFor('two export mails', () => {
        const m = capture.messages.filter((x) => x.parsed.subject === 'Your Switchboard export is ready');
        return m.length >= 2 ? m : null;
      });
      const mail = mails.find((m) => m.parsed.text!.includes(`/api/v1/exports/${exportId}/file?token=`))!;
      assert.ok(mail, 'a mail with this export’s link');
      assert.deepEqual(mail.envelope.to, [s.admin.email]);
      assert.match(mail.parsed.text!, /Download it within 7 days/);
      const link = /(https?:\/\/\S+\/file\?token=\S+)/.exec(mail.parsed.text!)![1]!;
      assert.ok(link.startsWith(s.url), link);
      // The request log shows the link without its token.
      const u = new URL(link);
      assert.equal(redactedUrl(u.pathname + u.search), `/api/v1/exports/${exportId}/file?token=[redacted]`);
      assert.equal((await s.adminClient.get(`/api/v1/exports/${exportId}`)).body.emailed, true);
      linkFile = path.join(tmp, `${engine}-link.tar.gz`);
      const r = await fetchTo(link, linkFile);
      assert.equal(r.status, 200);
      assert.deepEqual(manifestOf(linkFile).tables, manifestOf(path.join(tmp, `${engine}-session.tar.gz`)).tables);
      assert.equal((await fetchTo(link.replace(/token=./, 'token=x'), path.join(tmp, 'no'))).status, 404);
      assert.equal((await fetchTo(`${s.url}/api/v1/exports/${exportId}/file?token=`, path.join(tmp, 'no'))).status, 404);
      // The token is not kept in the queue once mailed.
      const jobs = await s.running.ctx.db.kysely.selectFrom('jobs').select('payload').where('kind', '=', 'export-ready-email').execute();
      assert.ok(jobs.every((j) => !JSON.parse(j.payload).token));
    });

    test('anyone but an admin cannot start, list, read or download; the answer is the same as for an unknown export', async () => {
      assert.equal((await agent.client.post('/api/v1/exports')).status, 404);
      assert.equal((await agent.client.get('/api/v1/exports')).status, 404);
      assert.equal((await agent.client.get(`/api/v1/exports/${exportId}`)).status, 404);
      assert.equal((await agent.client.get(`/api/v1/exports/${exportId}/download`)).status, 404);
      assert.equal((await s.anonymous().get(`/api/v1/exports/${exportId}/download`)).status, 401);
      assert.equal((await s.anonymous().get('/api/v1/exports')).status, 401);
    });

    test('after its expiry the link and the download are not found, and housekeeping deletes the file', async () => {
      const mail = capture.messages.find((x) => x.parsed.text?.includes(`/api/v1/exports/${exportId}/file?token=`))!;
      const link = /(https?:\/\/\S+\/file\?token=\S+)/.exec(mail.parsed.text!)![1]!;
      const k = s.running.ctx.db.kysely;
      await k
        .updateTable('exports')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', exportId)
        .execute();
      assert.equal((await fetchTo(link, path.join(tmp, 'no'))).status, 404);
      assert.equal((await s.adminClient.get(`/api/v1/exports/${exportId}/download`)).status, 404);
      assert.equal((await s.adminClient.get(`/api/v1/exports/${exportId}`)).body.downloadable, false);
      const dir = path.join(path.dirname(s.running.ctx.mail.filesDir), 'exports');
      assert.ok(fs.existsSync(path.join(dir, `${exportId}.tar.gz`)));
      assert.equal(await expireExports(s.running.ctx), 1);
      assert.ok(!fs.existsSync(path.join(dir, `${exportId}.tar.gz`)));
      // The other export is still there.
      assert.equal(fs.readdirSync(dir).length, 1);
    });

    test('progress is saved while the archive is written (and the job keeps its claim each time)', async () => {
      const k = s.running.ctx.db.kysely;
      const id = `progress-${engine}`;
      const at = new Date().toISOString();
      await k
        .insertInto('exports')
        .values(queuedExport(id, null, at, null))
        .execute();
      const seen: { status: string; step: string | null; stepsDone: number; stepsTotal: number }[] = [];
      await runExport(s.running.ctx, id, async () => {
        const r = await k.selectFrom('exports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        seen.push({ status: r.status, step: r.step, stepsDone: Number(r.steps_done), stepsTotal: Number(r.steps_total) });
      });
      assert.ok(seen.length >= 1, 'saved at least once before the end');
      assert.equal(seen[0]!.status, 'running');
      assert.equal(seen[0]!.step, 'users');
      assert.ok(seen[0]!.stepsTotal > 30);
      const done = (await s.adminClient.get(`/api/v1/exports/${id}`)).body;
      assert.equal(done.status, 'done');
      assert.equal(done.stepsDone, done.stepsTotal);
    });
  });
}
