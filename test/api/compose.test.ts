/** Compose a new email, reply with Cc and HTML, upload files: one transaction each, bad input changes nothing, others' files refused. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { PNG, upload } from '../support/upload.js';
import { filePath } from '../../src/server/files/store.js';

for (const engine of engines) {
  describe(`compose and rich replies on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let inbox: { id: string; fallbackAddress: string };
    const k = () => s.running.ctx.db.kysely;
    const count = async (t: 'conversations' | 'messages' | 'contacts' | 'jobs' | 'uploads' | 'attachments') =>
      Number(
        (
          await k()
            .selectFrom(t)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const counts = async () => ({
      conversations: await count('conversations'),
      messages: await count('messages'),
      contacts: await count('contacts'),
      jobs: await count('jobs'),
      uploads: await count('uploads'),
      attachments: await count('attachments'),
    });

    before(async () => {
      s = await startTestServer({ engine, env: { MAX_MESSAGE_MB: '1' } });
      a = s.adminClient;
      inbox = (await a.get('/api/v1/inboxes')).body.items[0];
    });
    after(() => s?.close());

    test('compose: a new conversation assigned to me, the HTML and text message with To/Cc and its file, and one outbox job', async () => {
      const me = (await a.get('/api/v1/me')).body;
      const file = await upload(a, 'price list.pdf', Buffer.from('%PDF-1.4 prices'));
      assert.equal(file.status, 201, JSON.stringify(file.body));
      assert.equal(file.body.contentType, 'application/pdf');
      const image = (await upload(a, 'logo.png', PNG)).body;
      const r = await a.post('/api/v1/conversations', {
        inboxId: inbox.id,
        to: { email: 'Nora@Example.org', name: 'Nora North' },
        cc: [{ email: 'boss@example.org' }, { email: 'nora@example.org' }],
        subject: 'Your quote',
        html: `<p>Hello <b>Nora</b>,</p><ul><li>one</li></ul><p><img src="/api/v1/uploads/${image.id}" alt="logo"><script>alert(1)</script></p>`,
        attachmentIds: [file.body.id],
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.subject, 'Your quote');
      assert.equal(r.body.status, 'open');
      assert.equal(r.body.channel, 'email');
      assert.equal(r.body.assignee?.id, me.id);
      assert.equal(r.body.contact.email, 'nora@example.org');
      assert.equal(r.body.contact.name, 'Nora North');
      const [m, ...rest] = (await a.get(`/api/v1/conversations/${r.body.id}/messages`)).body.items;
      assert.equal(rest.length, 0);
      assert.equal(m.kind, 'reply');
      assert.equal(m.deliveryState, 'queued');
      assert.match(m.html, /<b>Nora<\/b>/);
      assert.doesNotMatch(m.html, /script|\/api\/v1\/uploads/);
      assert.match(m.html, new RegExp(`/api/v1/attachments/${image.id}/inline`));
      assert.equal(m.text, 'Hello Nora,\n\n- one\n\n[logo]');
      assert.deepEqual(m.recipients, { to: [{ email: 'nora@example.org', name: 'Nora North' }], cc: [{ email: 'boss@example.org' }] });
      assert.deepEqual(m.attachments.map((x: any) => [x.filename, x.inline]).sort(), [
        ['logo.png', true],
        ['price list.pdf', false],
      ]);
      const jobs = await k().selectFrom('jobs').select(['kind', 'payload']).where('kind', '=', 'deliver-message').execute();
      assert.equal(jobs.filter((j) => String(j.payload).includes(m.id)).length, 1);
      // The download is the file that was uploaded; the upload itself is used up.
      const dl = await fetch(`${s.url}/api/v1/attachments/${file.body.id}`, { headers: { cookie: a.cookie } });
      assert.equal(await dl.text(), '%PDF-1.4 prices');
      assert.equal((await a.get(`/api/v1/uploads/${file.body.id}`)).status, 404);
      // An existing contact is reused, not duplicated.
      const again = await a.post('/api/v1/conversations', {
        inboxId: inbox.id,
        to: { email: 'nora@example.org' },
        subject: 'Second',
        html: '<p>Again</p>',
      });
      assert.equal(again.status, 201);
      assert.equal(again.body.contact.id, r.body.contact.id);
    });

    test('bad input changes nothing: empty body, bad address, no subject, a file that is not mine', async () => {
      const mate = await s.adminClient.post('/api/v1/users', {
        email: 'mate@example.com',
        name: 'Mate',
        role: 'agent',
        password: 'password-mate-1',
      });
      assert.equal(mate.status, 201);
      const other = await s.login('mate@example.com', 'password-mate-1');
      const theirs = (await upload(other, 'theirs.txt', Buffer.from('private'))).body;
      const mine = (await upload(a, 'mine.txt', Buffer.from('mine'))).body;
      const before = await counts();
      const base = { inboxId: inbox.id, to: { email: 'fresh@example.org' }, subject: 'Hi', html: '<p>Hi</p>' };
      const empty = await a.post('/api/v1/conversations', { ...base, html: '<p><br></p>' });
      assert.equal(empty.status, 400);
      assert.ok(empty.body.fields.html);
      const badTo = await a.post('/api/v1/conversations', { ...base, to: { email: 'not an address' } });
      assert.equal(badTo.status, 400);
      assert.ok(badTo.body.fields['to.email']);
      const loop = await a.post('/api/v1/conversations', { ...base, to: { email: inbox.fallbackAddress.toUpperCase() } });
      assert.equal(loop.status, 400, 'no email to our own address');
      assert.ok(loop.body.fields['to.email']);
      const noSubject = await a.post('/api/v1/conversations', { ...base, subject: '  ' });
      assert.equal(noSubject.status, 400);
      assert.ok(noSubject.body.fields.subject);
      const stolen = await a.post('/api/v1/conversations', { ...base, attachmentIds: [mine.id, theirs.id] });
      assert.equal(stolen.status, 404);
      assert.doesNotMatch(JSON.stringify(stolen.body), /theirs/);
      const stolenInline = await a.post('/api/v1/conversations', { ...base, html: `<p>x<img src="/api/v1/uploads/${theirs.id}"></p>` });
      assert.equal(stolenInline.status, 404);
      assert.deepEqual(await counts(), before, 'no contact, conversation, message, job or attachment was made');
      assert.equal((await other.get(`/api/v1/uploads/${theirs.id}`)).status, 200, 'their upload is still theirs');
      assert.equal((await a.get(`/api/v1/uploads/${theirs.id}`)).status, 404, 'and I cannot see it');
      assert.equal((await a.get(`/api/v1/uploads/${mine.id}`)).status, 200);
    });

    test('only members of the inbox compose: a reader who is not a member gets 403, anyone else 404', async () => {
      const mk = async (email: string, role: string) => {
        assert.equal((await s.adminClient.post('/api/v1/users', { email, name: email, role, password: 'password-12345' })).status, 201);
        return s.login(email, 'password-12345');
      };
      const outsider = await mk('outsider@example.com', 'agent');
      const reader = await mk('reader@example.com', 'admin');
      const priv = (await a.post('/api/v1/inboxes', { name: 'Private compose', access: { mode: 'specific', userIds: [], teamIds: [] } }))
        .body;
      const before = await counts();
      const body = { inboxId: priv.id, to: { email: 'x@example.org' }, subject: 'Hi', html: '<p>Hi</p>' };
      const r = await outsider.post('/api/v1/conversations', body);
      assert.equal(r.status, 404);
      assert.doesNotMatch(JSON.stringify(r.body), /Private compose/);
      assert.equal((await reader.post('/api/v1/conversations', body)).status, 403);
      assert.deepEqual(await counts(), before);
    });

    test('reply: HTML with Cc and files is stored on the message; chat-like channels and comments refuse them', async () => {
      const conv = (
        await a.post('/api/v1/conversations', {
          inboxId: inbox.id,
          to: { email: 'rita@example.org', name: 'Rita' },
          subject: 'Lamp',
          html: '<p>First</p>',
        })
      ).body;
      const file = (await upload(a, 'manual.txt', Buffer.from('read me'))).body;
      const r = await a.post(`/api/v1/conversations/${conv.id}/messages`, {
        kind: 'reply',
        html: '<p>See <a href="https://example.org/m">the manual</a></p>',
        cc: [{ email: 'ann@example.org', name: 'Ann' }, { email: 'ann@example.org' }, { email: 'rita@example.org' }],
        attachmentIds: [file.id],
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.deepEqual(r.body.recipients, {
        to: [{ email: 'rita@example.org', name: 'Rita' }],
        cc: [{ email: 'ann@example.org', name: 'Ann' }],
      });
      assert.equal(r.body.text, 'See the manual (https://example.org/m)');
      assert.deepEqual(
        r.body.attachments.map((x: any) => x.filename),
        ['manual.txt'],
      );
      const stored = (await a.get(`/api/v1/conversations/${conv.id}/messages`)).body.items.find((m: any) => m.id === r.body.id);
      assert.deepEqual(stored.recipients, r.body.recipients);
      assert.match(stored.html, /href="https:\/\/example\.org\/m"/);

      // Plain replies keep working, and the contact is the To.
      const plain = await a.post(`/api/v1/conversations/${conv.id}/messages`, { kind: 'reply', body: 'Plain words' });
      assert.equal(plain.status, 201);
      assert.deepEqual(plain.body.recipients, { to: [{ email: 'rita@example.org', name: 'Rita' }], cc: [] });
      const sheet = (await upload(a, 'sheet.csv', Buffer.from('a,b'))).body;
      const plainWithFile = await a.post(`/api/v1/conversations/${conv.id}/messages`, {
        kind: 'reply',
        body: 'Plain with a file',
        attachmentIds: [sheet.id],
      });
      assert.equal(plainWithFile.status, 201);
      assert.equal(plainWithFile.body.html, null);
      assert.deepEqual(
        plainWithFile.body.attachments.map((x: any) => [x.filename, x.contentType]),
        [['sheet.csv', 'text/csv']],
      );

      const before = await counts();
      const comment = await a.post(`/api/v1/conversations/${conv.id}/messages`, {
        kind: 'comment',
        body: 'x',
        cc: [{ email: 'a@example.org' }],
      });
      assert.equal(comment.status, 400);
      assert.ok(comment.body.fields.cc);
      const api = (
        await a.post(`/api/v1/inboxes/${inbox.id}/conversations`, { contact: { email: 'apiuser@example.org' }, body: 'via api' })
      ).body;
      const before2 = await counts();
      const onApi = await a.post(`/api/v1/conversations/${api.id}/messages`, { kind: 'reply', html: '<p>x</p>' });
      assert.equal(onApi.status, 400);
      assert.ok(onApi.body.fields.html);
      assert.equal((await counts()).messages, before2.messages);
      assert.equal(before2.messages, before.messages + 1, "only the API conversation's first message was added");
      const reused = await a.post(`/api/v1/conversations/${conv.id}/messages`, {
        kind: 'reply',
        html: '<p>again</p>',
        attachmentIds: [file.id],
      });
      assert.equal(reused.status, 404, 'a file already sent cannot be attached again by its upload id');
      assert.equal((await counts()).messages, before2.messages);
      const empty = await a.post(`/api/v1/conversations/${conv.id}/messages`, { kind: 'reply' });
      assert.equal(empty.status, 400);
      assert.ok(empty.body.fields.body);
    });

    test('uploads: sniffed types, a size limit, and nothing but the bytes as the body', async () => {
      const fake = await upload(a, 'page.html', Buffer.from('<script>alert(1)</script>'));
      assert.equal(fake.status, 201);
      assert.equal(fake.body.contentType, 'application/octet-stream');
      assert.equal(fake.body.filename, 'page.html');
      const dl = await fetch(`${s.url}/api/v1/uploads/${fake.body.id}`, { headers: { cookie: a.cookie } });
      assert.equal(dl.headers.get('content-type'), 'application/octet-stream');
      assert.match(dl.headers.get('content-disposition') ?? '', /^attachment/);
      const disguised = await upload(a, 'photo.pdf', PNG);
      assert.equal(disguised.body.contentType, 'image/png');
      const traversal = await upload(a, '../../etc/passwd', Buffer.from('x'));
      assert.equal(traversal.body.filename, 'passwd');
      const before = await count('uploads');
      const big = await upload(a, 'big.bin', Buffer.alloc(1024 * 1024 + 10, 1));
      assert.equal(big.status, 413);
      const json = await a.post('/api/v1/attachments?filename=x.txt', { data: 'hi' });
      assert.equal(json.status, 400);
      assert.ok(json.body.fields.file);
      // An upload never sent is removed a day later, when its owner uploads again.
      const old = (await upload(a, 'forgotten.txt', Buffer.from('old'))).body;
      await k()
        .updateTable('uploads')
        .set({ created_at: new Date(Date.now() - 25 * 3600_000).toISOString() })
        .where('id', '=', old.id)
        .execute();
      const path = (await k().selectFrom('uploads').select('storage_path').where('id', '=', old.id).executeTakeFirstOrThrow()).storage_path;
      assert.equal((await a.get(`/api/v1/uploads/${old.id}`)).status, 200);
      const fresh = (await upload(a, 'fresh.txt', Buffer.from('new'))).body;
      assert.equal((await a.get(`/api/v1/uploads/${old.id}`)).status, 404);
      assert.equal(fs.existsSync(filePath(s.running.mail.filesDir, path)), false, 'its file is gone too');
      assert.equal((await a.get(`/api/v1/uploads/${fresh.id}`)).status, 200);
      const nameless = await upload(a, '', Buffer.from('x'));
      assert.equal(nameless.status, 400);
      assert.equal(await count('uploads'), before + 1, 'only the fresh upload was added, the stale one removed');
    });
  });
}
