/**
 * Export everything and restore it: export → restore → export gives the same manifest on each
 * engine and from one to the other; attachments come back byte for byte; no password hash, session
 * or channel secret is in the archive; each inbox's mboxrd parses back into its messages.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { comparableManifest, type Manifest } from '../../src/server/export/manifest.js';
import { exportArchive } from '../../src/server/export/export.js';
import { restoreArchive } from '../../src/server/export/restore.js';
import { EXPORTED_TABLES, SKIPPED_TABLES } from '../../src/server/export/tables.js';
import { tableNames } from '../../src/server/db/table-dump.js';
import { channelSettings } from '../../src/server/secrets.js';
import { engines, engineSuite, type Engine } from '../support/engines.js';
import { Factory, testPassword } from '../support/factory.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { sendRaw, waitFor } from '../email/support/mail.js';
import { entries, filesUnder } from './support/archive.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-export-test-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The messages of an mboxrd file, unquoted. */
function mboxMessages(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('From ')) out.push('');
    else if (out.length) out[out.length - 1] += `${line.replace(/^>(>*From )/, '$1')}\n`;
  }
  return out;
}

interface Source {
  s: TestServer;
  archive: string;
  manifest: Manifest;
  attachment: { id: string; bytes: Buffer };
  agentEmail: string;
  chatSecret: string;
  emailSubject: string;
}

async function fill(engine: Engine): Promise<Source> {
  const s = await startTestServer({ engine, env: { ALLOW_PRIVATE_WEBHOOKS: '1' } });
  const f = new Factory(s);
  const agent = await f.user();
  const conv = await f.conversation({ body: 'Where is my parcel?' });
  await f.message(conv.id, { body: 'On its way.' });
  await f.message(conv.id, { kind: 'comment', body: 'Checked with the courier.' });
  await f.contact({ name: 'Åsa Öberg' });
  for (const [url, body] of [
    ['/api/v1/teams', { name: `Team ${f.uniq()}` }],
    ['/api/v1/snippets', { name: `s${f.uniq()}`, body: 'Kind regards' }],
    ['/api/v1/templates', { name: `t${f.uniq()}`, subject: 'Hi', body: '<p>Hi {{contact.first_name}}</p>' }],
    ['/api/v1/tickets', { title: 'Broken parcel' }],
    ['/api/v1/webhooks', { name: 'Hook', url: 'http://127.0.0.1:9/hook', eventTypes: ['message.created'] }],
  ] as const) {
    const r = await s.adminClient.post(url, body);
    assert.equal(r.status, 201, `${url}: ${JSON.stringify(r.body)}`);
  }
  const inbox = (await s.adminClient.get(`/api/v1/inboxes/${await f.defaultInbox()}`)).body;
  const chat = await s.adminClient.post(`/api/v1/inboxes/${inbox.id}/channels`, {
    kind: 'chat',
    name: 'Site chat',
    settings: { allowedOrigins: ['http://shop.example'] },
  });
  assert.equal(chat.status, 201, JSON.stringify(chat.body));
  const row = await s.running.ctx.db.kysely.selectFrom('channels').selectAll().where('id', '=', chat.body.id).executeTakeFirstOrThrow();
  const chatSecret = channelSettings<{ secret: string }>(s.running.ctx.secrets, row, { secret: '' }).secret;
  assert.ok(chatSecret.length > 10);

  const bytes = randomBytes(3000);
  const emailSubject = `Invoice ${f.uniq()}`;
  const raw = [
    'From: "Kim Customer" <kim@example.org>',
    `To: ${inbox.fallbackAddress}`,
    `Subject: ${emailSubject}`,
    `Message-ID: <${f.uniq()}@example.org>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello,',
    'From the start the invoice was wrong.',
    '>From here on too.',
    '--b1',
    'Content-Type: application/octet-stream; name="invoice.bin"',
    'Content-Disposition: attachment; filename="invoice.bin"',
    'Content-Transfer-Encoding: base64',
    '',
    bytes.toString('base64').replace(/.{76}/g, '$&\r\n'),
    '--b1--',
    '',
  ].join('\r\n');
  assert.ok((await sendRaw(s.running.smtpPort!, inbox.fallbackAddress, raw, 'kim@example.org')).ok);
  const emailConv = await waitFor('the email conversation', async () =>
    ((await s.adminClient.get(`/api/v1/conversations?inboxId=${inbox.id}`)).body.items as any[]).find((c) => c.subject === emailSubject),
  );
  const msgs = (await s.adminClient.get(`/api/v1/conversations/${emailConv.id}/messages`)).body.items as any[];
  const attachment = msgs.flatMap((m) => m.attachments ?? []).find((a: any) => a.filename === 'invoice.bin');
  assert.ok(attachment, 'the attachment is stored');
  await f.message(emailConv.id, { body: 'Thanks Kim,\nFrom now on it is fixed.' });

  const archive = path.join(tmp, `${engine}-${f.uniq()}.tar.gz`);
  const manifest = await exportArchive(s.running.ctx.db, s.running.ctx.mail.filesDir, archive);
  return { s, archive, manifest, attachment: { id: attachment.id, bytes }, agentEmail: agent.email, chatSecret, emailSubject };
}

for (const source of engines) {
  describe(`export from ${source}`, await engineSuite(source), () => {
    let src: Source;
    before(async () => {
      src = await fill(source);
    });
    after(() => src?.s.close());

    test('every table of the installation is either exported or named as left out', async () => {
      const known = new Set([...EXPORTED_TABLES.map((t) => t.name), ...Object.keys(SKIPPED_TABLES)]);
      const unknown = (await tableNames(src.s.running.ctx.db)).filter((t) => !known.has(t) && !t.startsWith('conversation_search'));
      assert.deepEqual(unknown, []);
    });

    test('the archive holds no password hash, session or channel secret', async () => {
      const k = src.s.running.ctx.db.kysely;
      const hashes = (await k.selectFrom('users').select('password_hash').execute()).map((u) => u.password_hash).filter(Boolean);
      const sessions = (await k.selectFrom('sessions').select('id').execute()).map((x) => x.id);
      const sealed = (await k.selectFrom('channels').select('settings').execute()).flatMap((c) =>
        [...c.settings.matchAll(/enc:v1:[A-Za-z0-9_:-]+/g)].map((m) => m[0]),
      );
      const hooks = await k.selectFrom('webhooks').select('secret').execute();
      assert.equal(hooks.length, 1);
      sealed.push(hooks[0]!.secret, src.s.running.ctx.secrets.open(hooks[0]!.secret));
      const cookie = src.s.adminClient.cookie.replace('sb_session=', '');
      const secrets = [...hashes, ...sessions, ...sealed, cookie, src.chatSecret] as string[];
      assert.ok(hashes.length >= 2 && sessions.length >= 1 && sealed.length >= 1);
      let b = fs.readFileSync(src.archive);
      b = gunzipSync(b);
      for (const secret of secrets) assert.equal(b.indexOf(secret), -1, `a secret (${secret.slice(0, 8)}…) is in the archive`);
      assert.equal(b.indexOf('$argon2'), -1, 'no password hash of any kind');
    });

    test("each inbox's mboxrd parses back into its email messages, with their Message-IDs and quoted From lines", async () => {
      const files = entries(src.archive);
      const [box] = src.manifest.mbox;
      assert.ok(box && src.manifest.mbox.length === 1);
      const text = files.get(box.path)!.toString('utf8');
      assert.match(text, /^>From the start the invoice was wrong\.$/m);
      assert.match(text, /^>>From here on too\.$/m);
      assert.match(text, /^>From now on it is fixed\.$/m);
      const parsed = await Promise.all(mboxMessages(text).map((m) => simpleParser(m)));
      assert.equal(parsed.length, box.messages);
      assert.equal(parsed.length, 2);
      const k = src.s.running.ctx.db.kysely;
      const stored = await k
        .selectFrom('messages as m')
        .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
        .select(['m.id', 'm.external_id', 'm.kind'])
        .where('c.subject', '=', src.emailSubject)
        .where('m.kind', 'in', ['incoming', 'reply'])
        .orderBy('m.created_at')
        .execute();
      assert.equal(parsed[0]!.messageId, `<${stored[0]!.external_id}>`);
      assert.equal(parsed[0]!.subject, src.emailSubject);
      assert.match(parsed[0]!.text ?? '', /^From the start the invoice was wrong\.$/m);
      assert.equal(parsed[1]!.inReplyTo, parsed[0]!.messageId);
      assert.match(parsed[1]!.text ?? '', /^From now on it is fixed\.$/m);
    });

    test('a restore into an installation with data is refused and changes nothing', async () => {
      const k = src.s.running.ctx.db.kysely;
      const before = await k.selectFrom('conversations').select('id').orderBy('id').execute();
      await assert.rejects(
        restoreArchive(src.s.running.ctx.db, src.archive, {
          filesDir: src.s.running.ctx.mail.filesDir,
          secrets: src.s.running.ctx.secrets,
        }),
        /not empty.*Nothing was changed/s,
      );
      assert.deepEqual(await k.selectFrom('conversations').select('id').orderBy('id').execute(), before);
      assert.equal((await src.s.login(src.s.admin.email, src.s.admin.password)).cookie !== '', true);
    });

    test('a damaged archive is refused, and the installation it was restored into stays as it was', async () => {
      const b = gunzipSync(fs.readFileSync(src.archive));
      const at = b.lastIndexOf('On its way.');
      assert.ok(at > 0);
      b.write('On its wax.', at);
      const damaged = path.join(tmp, `damaged-${source}.tar`);
      fs.writeFileSync(damaged, b);
      const dst = await startTestServer({ engine: source });
      try {
        const { ctx } = dst.running;
        await assert.rejects(
          restoreArchive(ctx.db, damaged, { filesDir: ctx.mail.filesDir, secrets: ctx.secrets }),
          /messages\.jsonl does not match its manifest/,
        );
        const inboxes = await ctx.db.kysely.selectFrom('inboxes').select('name').execute();
        assert.deepEqual(inboxes, [{ name: 'Support' }]);
        assert.equal((await ctx.db.kysely.selectFrom('conversations').select('id').execute()).length, 0);
        assert.deepEqual(filesUnder(ctx.mail.filesDir), [], 'no file is left behind');
        assert.equal((await dst.adminClient.get('/api/v1/inboxes')).status, 200, 'the admin is still logged in');
      } finally {
        await dst.close();
      }
    });

    for (const target of engines)
      test(`restored into ${target}: the same data, and exporting it again gives the same manifest`, async (t) => {
        const why = (await engineSuite(target)).skip;
        if (why) return t.skip(why);
        const dst = await startTestServer({ engine: target });
        try {
          const r = await restoreArchive(dst.running.ctx.db, src.archive, {
            filesDir: dst.running.ctx.mail.filesDir,
            secrets: dst.running.ctx.secrets,
          });
          assert.equal(r.usersWithoutPassword, 1, 'the agent; the admin keeps the target’s password');
          const again = path.join(tmp, `again-${source}-${target}-${randomBytes(4).toString('hex')}.tar`);
          const m2 = await exportArchive(dst.running.ctx.db, dst.running.ctx.mail.filesDir, again);
          assert.deepEqual(comparableManifest(m2), comparableManifest(src.manifest));
          assert.deepEqual(entries(again).get('tables/messages.jsonl'), entries(src.archive).get('tables/messages.jsonl'));

          // As a user sees it: the admin logs in; the conversations, the attachment and search are there.
          const admin = await dst.login(dst.admin.email, dst.admin.password);
          const list = (await admin.get('/api/v1/conversations')).body.items as any[];
          assert.equal(list.length, src.manifest.tables.conversations!.rows);
          const email = list.find((c) => c.subject === src.emailSubject);
          assert.ok(email);
          const res = await fetch(`${dst.url}/api/v1/attachments/${src.attachment.id}`, { headers: { cookie: admin.cookie } });
          assert.equal(res.status, 200);
          assert.deepEqual(Buffer.from(await res.arrayBuffer()), src.attachment.bytes);
          const word = src.emailSubject.split(' ')[1]!;
          const found = await waitFor('search', async () => {
            const items = (await admin.get(`/api/v1/conversations?q=${encodeURIComponent(word)}`)).body.items as any[];
            return items.length ? items : null;
          });
          assert.equal(found[0].id, email.id);
          // The sidebar's counts are counted again.
          assert.deepEqual((await admin.get('/api/v1/views')).body, (await src.s.adminClient.get('/api/v1/views')).body);
          // A restored user has no password until it is reset.
          const refused = await dst
            .anonymous()
            .post('/api/v1/auth/login', { email: src.agentEmail, password: testPassword(src.agentEmail.split('@')[0]!) });
          assert.equal(refused.status, 401);
        } finally {
          await dst.close();
        }
      });
  });
}
