/**
 * Importing mail history in the app (issue 20), on both engines: the source uploaded in chunks (a
 * real mbox of ../shared/corpus/email read at test time, a Maildir built here), imported by the
 * background job with the same counts as the command line, stopped and resumed without a message
 * twice, taken up again after its process died; bad input, oversize uploads and paths out of the
 * folder refused with nothing written; for anyone but admins none of it exists.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { enqueue } from '../../src/server/db/job-queue.js';
import { importCommand } from '../../src/server/import/command.js';
import { expireUnusedUploads, IMPORT_MAIL_JOB, UNUSED_UPLOAD_DAYS } from '../../src/server/import/uploads.js';
import { corpusDir } from '../email/support/corpus.js';
import { engines, engineSuite } from '../support/engines.js';
import { testServerPerSuite } from '../support/factory.js';
import type { Client } from '../support/server.js';

const CORPUS_MBOX = path.join(corpusDir, 'mail-box-perl/mbox.src');

/** An mboxrd of `n` small messages, one in seven without a Message-ID. */
function generatedMbox(n: number, tag: string): Buffer {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = i % 7 === 0 ? '' : `Message-ID: <${tag}.${i}@example.org>\n`;
    parts.push(
      `From customer@example.org Mon Jan  1 10:00:00 2024\nFrom: Customer ${i % 50} <c${i % 50}@example.org>\nTo: support@example.com\n` +
        `Subject: ${tag} ${i % 200}\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n${id}\nMessage ${i} of ${tag}.\n>From the file.\n\n`,
    );
  }
  return Buffer.from(parts.join(''));
}

/** Sends bytes the way the app does: a PUT of raw bytes at an offset. */
async function putChunk(c: Client, uploadId: string, offset: number, data: Buffer, rel?: string) {
  const q = `offset=${offset}${rel === undefined ? '' : `&path=${encodeURIComponent(rel)}`}`;
  const res = await fetch(`${c.baseUrl}/api/v1/import-uploads/${uploadId}/chunk?${q}`, {
    method: 'PUT',
    headers: { origin: c.baseUrl, cookie: c.cookie, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(data),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** Uploads a whole file in chunks of `chunk` bytes (one sent twice, as a client does after a broken connection). */
async function uploadFile(c: Client, inboxId: string, name: string, data: Buffer, chunk = 64 * 1024): Promise<string> {
  const u = await c.post(`/api/v1/inboxes/${inboxId}/import-uploads`, { kind: 'file', name, size: data.length });
  assert.equal(u.status, 201, JSON.stringify(u.body));
  for (let at = 0; at < data.length; at += chunk) {
    const r = await putChunk(c, u.body.id, at, data.subarray(at, at + chunk));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    if (at === 0) assert.equal((await putChunk(c, u.body.id, 0, data.subarray(0, chunk))).body.received, r.body.received);
  }
  return u.body.id;
}

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const engine of engines) {
  describe(`mail import in the app on ${engine}`, await engineSuite(engine), () => {
    const t = testServerPerSuite(engine, { MAIL_DOMAIN: 'example.com', MAX_MESSAGE_MB: '1' });
    const importOf = async (inboxId: string, id: string) =>
      ((await t.s.adminClient.get(`/api/v1/inboxes/${inboxId}/imports`)).body.items as any[]).find((i) => i.id === id);
    const finished = (inboxId: string, id: string) =>
      until('the import to finish', async () => {
        const i = await importOf(inboxId, id);
        return i?.state === 'done' && i;
      });

    test('a real mbox uploaded in chunks imports as the command line does; its upload is then removed', async () => {
      const { s, f } = t;
      const a = s.adminClient;
      const inboxId = await f.defaultInbox();
      const empty = await a.get(`/api/v1/inboxes/${inboxId}/imports`);
      assert.equal(empty.status, 200);
      assert.deepEqual(empty.body.items, []);
      const data = fs.readFileSync(CORPUS_MBOX);
      const uploadId = await uploadFile(a, inboxId, 'mbox.src', data, 16 * 1024);
      const started = await a.post(`/api/v1/import-uploads/${uploadId}/import`, {});
      assert.equal(started.status, 201, JSON.stringify(started.body));
      assert.equal(started.body.format, 'mbox');
      assert.equal(started.body.variant, 'mboxrd', 'mboxrd by default');
      assert.equal(started.body.totalBytes, data.length);
      const done = await finished(inboxId, started.body.id);
      // The numbers the command line's test finds for this file.
      assert.equal(done.messages, 45);
      assert.equal(done.imported + done.failed, 45 - done.duplicates);
      assert.ok(done.bytes > 0.9 * data.length && done.bytes <= data.length, 'the messages’ bytes, without the From lines');
      assert.equal(done.conversations, 32);
      assert.equal(typeof done.open, 'number');
      assert.equal(done.name, 'mbox.src');
      assert.ok(!fs.existsSync(path.join(s.running.ctx.mail.importUploads!.dir, uploadId)), 'the uploaded source is removed');
      // The command line on the same file finds the same messages, already there.
      const cli = await importCommand(s.running.ctx, { inbox: inboxId, path: CORPUS_MBOX }, () => undefined);
      assert.equal(cli.messages, done.messages);
      assert.equal(cli.bytes, done.bytes);
      assert.equal(cli.duplicates, 45);
      // Started twice: refused.
      assert.equal((await a.post(`/api/v1/import-uploads/${uploadId}/import`, {})).status, 400);
    });

    test('an upload never imported is removed a week after it began, bytes and row; one imported is not', async () => {
      const { s, f } = t;
      const a = s.adminClient;
      const inboxId = await f.defaultInbox();
      const data = generatedMbox(20, 'unused');
      const unused = await uploadFile(a, inboxId, 'unused.mbox', data);
      const used = await uploadFile(a, inboxId, 'used.mbox', data);
      const started = await a.post(`/api/v1/import-uploads/${used}/import`, {});
      assert.equal(started.status, 201);
      await finished(inboxId, started.body.id);
      const dir = s.running.ctx.mail.importUploads!.dir;
      const day = 86_400_000;
      assert.equal(
        await expireUnusedUploads(s.running.ctx, new Date(Date.now() + (UNUSED_UPLOAD_DAYS - 1) * day)),
        0,
        'kept within the week',
      );
      assert.ok(fs.existsSync(path.join(dir, unused)));
      assert.equal(await expireUnusedUploads(s.running.ctx, new Date(Date.now() + (UNUSED_UPLOAD_DAYS + 1) * day)), 1);
      assert.ok(!fs.existsSync(path.join(dir, unused)), 'its bytes are gone');
      assert.equal((await putChunk(a, unused, 0, data)).status, 404, 'and so is the upload');
      assert.equal((await importOf(inboxId, started.body.id)).state, 'done', 'the imported one stays listed');
    });

    test('stopped, then resumed: every message once; a run whose process died goes on from its position', async () => {
      const { s, f } = t;
      const a = s.adminClient;
      const inboxId = await f.defaultInbox();
      const N = 1500;
      const k = s.running.ctx.db.kysely;
      const incoming = async () =>
        Number(
          (
            await k
              .selectFrom('messages')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('kind', '=', 'incoming')
              .executeTakeFirstOrThrow()
          ).n,
        );
      const incomingBefore = await incoming();
      const data = generatedMbox(N, `stop${f.uniq()}`);
      const uploadId = await uploadFile(a, inboxId, 'big.mbox', data, 1024 * 1024);
      const id = (await a.post(`/api/v1/import-uploads/${uploadId}/import`, { variant: 'mboxrd' })).body.id as string;
      await until('some messages in', async () => ((await importOf(inboxId, id)).messages >= 100 ? true : null));
      const stopping = await a.post(`/api/v1/imports/${id}/stop`);
      assert.equal(stopping.status, 200);
      assert.ok(['stopping', 'stopped'].includes(stopping.body.state), stopping.body.state);
      const stopped = await until('the stop', async () => {
        const i = await importOf(inboxId, id);
        return i.state === 'stopped' && i;
      });
      await new Promise((r) => setTimeout(r, 1500));
      const still = await importOf(inboxId, id);
      assert.equal(still.messages, stopped.messages, 'nothing more is imported once stopped');
      assert.ok(still.messages < N, `stopped before the end (${still.messages})`);

      // The process died mid-slice: the run says running, its job is claimed by nobody alive.
      const u = await k.selectFrom('import_uploads').selectAll().where('id', '=', uploadId).executeTakeFirstOrThrow();
      await k
        .updateTable('import_uploads')
        .set({ wanted: 'run', slice: u.slice + 1 })
        .where('id', '=', uploadId)
        .execute();
      await k.updateTable('imports').set({ status: 'running' }).where('id', '=', id).execute();
      await s.running.ctx.db.transaction((trx) =>
        enqueue(trx, IMPORT_MAIL_JOB, { uploadId, slice: u.slice + 1 }, { dedupeKey: `dead-${uploadId}` }),
      );
      await k
        .updateTable('jobs')
        .set({ status: 'running', locked_until: new Date(Date.now() - 1000).toISOString(), attempts: 1 })
        .where('dedupe_key', '=', `dead-${uploadId}`)
        .execute();
      assert.equal((await importOf(inboxId, id)).state, 'running');
      await until('more messages after the restart', async () => ((await importOf(inboxId, id)).messages > still.messages ? true : null));
      // Stopped again, then resumed by hand to the end.
      await a.post(`/api/v1/imports/${id}/stop`);
      await until('the second stop', async () => (await importOf(inboxId, id)).state === 'stopped');
      const resumed = await a.post(`/api/v1/imports/${id}/resume`);
      assert.equal(resumed.status, 200);
      assert.equal(resumed.body.state, 'running');
      const done = await finished(inboxId, id);
      assert.equal(done.messages, N);
      assert.equal(done.imported, N, 'each message imported once');
      assert.equal(done.duplicates, 0);
      assert.equal((await incoming()) - incomingBefore, N, 'each message once in the inbox');
    });

    test('a Maildir folder: files sent with their paths, flags read, trashed ones skipped', async () => {
      const { s, f } = t;
      const a = s.adminClient;
      const inboxId = await f.defaultInbox();
      const tag = `md${f.uniq()}`;
      const mail = (i: number) =>
        Buffer.from(
          `From: Someone <someone${i}@example.org>\nTo: support@example.com\nSubject: ${tag} ${i}\nDate: Mon, 1 Jan 2024 10:00:0${i} +0000\nMessage-ID: <${tag}.${i}@example.org>\n\nBody ${i}\n`,
        );
      const files: [string, Buffer][] = [
        [`Mail/cur/1700000001.M1.host:2,S`, mail(1)],
        [`Mail/cur/1700000002.M2.host:2,FS`, mail(2)],
        [`Mail/cur/1700000003.M3.host:2,ST`, mail(3)],
        [`Mail/new/1700000004.M4.host`, mail(4)],
      ];
      const size = files.reduce((n, [, b]) => n + b.length, 0);
      const u = await a.post(`/api/v1/inboxes/${inboxId}/import-uploads`, { kind: 'folder', name: 'Mail', size });
      assert.equal(u.status, 201);
      for (const [rel, b] of files) assert.equal((await putChunk(a, u.body.id, 0, b, rel)).status, 200);
      const started = await a.post(`/api/v1/import-uploads/${u.body.id}/import`, {});
      assert.equal(started.status, 201, JSON.stringify(started.body));
      assert.equal(started.body.format, 'maildir');
      const done = await finished(inboxId, started.body.id);
      assert.equal(done.messages, 4);
      assert.equal(done.skipped, 1, 'the trashed message is not imported');
      assert.equal(done.imported, 3);
      assert.equal(done.conversations, 3);
    });

    test('paths out of the folder are refused and nothing is written', async () => {
      const { s, f } = t;
      const a = s.adminClient;
      const inboxId = await f.defaultInbox();
      const u = await a.post(`/api/v1/inboxes/${inboxId}/import-uploads`, { kind: 'folder', name: 'Mail', size: 100 });
      const dir = path.join(s.running.ctx.mail.importUploads!.dir, u.body.id);
      const outside = path.join(s.running.ctx.mail.importUploads!.dir, 'evil.eml');
      for (const rel of [
        '../evil.eml',
        '../../evil.eml',
        'a/../../evil.eml',
        '/tmp/evil.eml',
        'a\\..\\..\\evil.eml',
        './x.eml',
        'a//b.eml',
        'C:/x.eml',
      ]) {
        const r = await putChunk(a, u.body.id, 0, Buffer.from('From: x\n\nx\n'), rel);
        assert.equal(r.status, 400, rel);
        assert.match(r.body.message, /relative path/);
      }
      // A file of a folder needs its path; an mbox upload takes none.
      assert.equal((await putChunk(a, u.body.id, 0, Buffer.from('x'))).status, 400);
      assert.ok(!fs.existsSync(outside));
      assert.ok(!fs.existsSync('/tmp/evil.eml'));
      assert.deepEqual(fs.readdirSync(path.join(dir, 'source')), []);
      const row = await s.running.ctx.db.kysely
        .selectFrom('import_uploads')
        .select('received')
        .where('id', '=', u.body.id)
        .executeTakeFirstOrThrow();
      assert.equal(Number(row.received), 0);
    });

    test('an upload over the limit, or past its announced size, is refused with nothing written', async () => {
      const { s, f } = t;
      const a = s.adminClient;
      const inboxId = await f.defaultInbox();
      const lim = s.running.ctx.mail.importUploads!;
      const k = s.running.ctx.db.kysely;
      const count = async () =>
        Number(
          (
            await k
              .selectFrom('import_uploads')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      const dirs = fs.readdirSync(lim.dir).length;
      const big = await a.post(`/api/v1/inboxes/${inboxId}/import-uploads`, { kind: 'file', name: 'huge.mbox', size: lim.maxBytes + 1 });
      assert.equal(big.status, 400);
      assert.match(big.body.message, /larger than the largest import upload/);
      assert.equal(big.body.fieldErrors.size.code, 'too_big');
      assert.equal(await count(), before);
      assert.equal(fs.readdirSync(lim.dir).length, dirs, 'no folder made');
      // Announced small, sent more: the chunk is refused and not written.
      const u = await a.post(`/api/v1/inboxes/${inboxId}/import-uploads`, { kind: 'file', name: 'small.mbox', size: 10 });
      const r = await putChunk(a, u.body.id, 0, Buffer.from('From x Mon Jan  1 10:00:00 2024\n'));
      assert.equal(r.status, 400);
      assert.equal(fs.statSync(path.join(lim.dir, u.body.id, 'source.mbox')).size, 0);
      // A chunk larger than a chunk may be: refused before it is read.
      const huge = await putChunk(a, u.body.id, 0, Buffer.alloc(9 * 1024 * 1024));
      assert.equal(huge.status, 413);
      // An offset past what arrived: refused (the client asks again from what the server has).
      const gap = await putChunk(a, u.body.id, 5, Buffer.from('x'));
      assert.equal(gap.status, 400);
      assert.match(gap.body.message, /past what was received \(0 bytes\)/);
    });

    test('bad input: a clear 400 and no import written', async () => {
      const { s, f } = t;
      const a = s.adminClient;
      const inboxId = await f.defaultInbox();
      const k = s.running.ctx.db.kysely;
      const imports = async () => (await k.selectFrom('imports').select('id').execute()).length;
      const before = await imports();
      const notMbox = await uploadFile(a, inboxId, 'notes.txt', Buffer.from('Subject: not an mbox\n\nhello\n'));
      const r1 = await a.post(`/api/v1/import-uploads/${notMbox}/import`, {});
      assert.equal(r1.status, 400);
      assert.match(r1.body.message, /notes\.txt is not an mbox file/);
      assert.ok(!fs.existsSync(path.join(s.running.ctx.mail.importUploads!.dir, notMbox)), 'the refused upload is removed');
      assert.equal(await k.selectFrom('import_uploads').select('id').where('id', '=', notMbox).executeTakeFirst(), undefined);
      const r2 = await a.post(`/api/v1/import-uploads/${notMbox}/import`, { variant: 'mboxzz' });
      assert.equal(r2.status, 400);
      assert.ok(r2.body.fields.variant);
      const incomplete = (await a.post(`/api/v1/inboxes/${inboxId}/import-uploads`, { kind: 'file', name: 'x.mbox', size: 50 })).body.id;
      const r3 = await a.post(`/api/v1/import-uploads/${incomplete}/import`, {});
      assert.equal(r3.status, 400);
      assert.match(r3.body.message, /not complete: 0 of 50 bytes/);
      const emptyFolder = await a.post(`/api/v1/inboxes/${inboxId}/import-uploads`, { kind: 'folder', name: 'Empty', size: 0 });
      assert.equal(emptyFolder.status, 400);
      // A folder of files that are not mail.
      const junk = (await a.post(`/api/v1/inboxes/${inboxId}/import-uploads`, { kind: 'folder', name: 'Junk', size: 3 })).body.id;
      await putChunk(a, junk, 0, Buffer.from('abc'), 'Junk/readme.txt');
      const r4 = await a.post(`/api/v1/import-uploads/${junk}/import`, {});
      assert.equal(r4.status, 400);
      assert.match(r4.body.message, /holds no messages/);
      // An inbox without an email channel.
      const apiOnly = await f.inbox();
      await k.deleteFrom('channels').where('inbox_id', '=', apiOnly.id).where('kind', '=', 'email').execute();
      const elsewhere = await uploadFile(a, apiOnly.id, 'm.mbox', generatedMbox(2, 'nochannel'));
      const r5 = await a.post(`/api/v1/import-uploads/${elsewhere}/import`, {});
      assert.equal(r5.status, 400);
      assert.match(r5.body.message, /has no email channel/);
      assert.equal(await imports(), before);
    });

    test('for anyone but an admin the imports do not exist', async () => {
      const { s, f } = t;
      const a = s.adminClient;
      const inboxId = await f.defaultInbox();
      const agent = (await f.user()).client;
      const uploadId = await uploadFile(a, inboxId, 'few.mbox', generatedMbox(3, `perm${f.uniq()}`));
      const started = await a.post(`/api/v1/import-uploads/${uploadId}/import`, {});
      assert.equal((await agent.get(`/api/v1/inboxes/${inboxId}/imports`)).status, 404);
      assert.equal((await agent.post(`/api/v1/inboxes/${inboxId}/import-uploads`, { kind: 'file', name: 'a', size: 5 })).status, 404);
      assert.equal((await putChunk(agent, uploadId, 0, Buffer.from('From '))).status, 404);
      assert.equal((await agent.post(`/api/v1/import-uploads/${uploadId}/import`, {})).status, 404);
      assert.equal((await agent.post(`/api/v1/imports/${started.body.id}/stop`)).status, 404);
      assert.equal((await agent.post(`/api/v1/imports/${started.body.id}/resume`)).status, 404);
      await finished(inboxId, started.body.id);
      const doc = (await a.get('/api/v1/openapi.json')).body;
      assert.ok(doc.paths['/api/v1/import-uploads/{id}/chunk']?.put, 'documented in OpenAPI');
    });
  });
}
