/**
 * Importing mail history (issue 20), on both engines: mbox files of every variant with `From ` lines
 * in bodies, a Maildir with flags, broken and oversize messages, duplicates across files, the
 * team's own mail as agent replies, and a resume after the import process is killed. The real
 * messages of ../shared/corpus/email are read at test time.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { importCommand } from '../../src/server/import/command.js';
import { engines, engineSuite, isolatedStorage, PG_URL } from '../support/engines.js';
import { root } from '../support/process.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';
import { corpusDir } from './support/corpus.js';
import { waitFor } from './support/mail.js';

const CORPUS_MBOX = path.join(corpusDir, 'mail-box-perl/mbox.src');
const DAY = 24 * 3600_000;

/** A message written the way a mail client keeps it (LF line ends). */
function message(o: {
  id?: string | null;
  from?: string;
  to?: string;
  subject: string;
  body: string;
  date?: Date;
  inReplyTo?: string;
}): string {
  const h = [
    `From: ${o.from ?? 'Customer <customer@example.org>'}`,
    `To: ${o.to ?? 'support@example.com'}`,
    `Subject: ${o.subject}`,
    `Date: ${(o.date ?? new Date(Date.now() - 400 * DAY)).toUTCString()}`,
  ];
  if (o.id !== null) h.push(`Message-ID: <${o.id ?? `${o.subject.replace(/\W+/g, '.')}@example.org`}>`);
  if (o.inReplyTo) h.push(`In-Reply-To: <${o.inReplyTo}>`);
  return `${h.join('\n')}\n\n${o.body}\n`;
}

/** Messages as an mbox of the variant: its quoting of body `From ` lines, and Content-Length for the cl variants. */
function mbox(messages: string[], variant: 'mboxrd' | 'mboxo' | 'mboxcl' | 'mboxcl2'): string {
  return messages
    .map((m) => {
      const split = m.indexOf('\n\n');
      let head = m.slice(0, split + 1);
      let body = m.slice(split + 2);
      if (variant === 'mboxrd') body = body.replace(/^(>*From )/gm, '>$1');
      if (variant === 'mboxo' || variant === 'mboxcl') body = body.replace(/^From /gm, '>From ');
      if (variant === 'mboxcl' || variant === 'mboxcl2') head += `Content-Length: ${Buffer.byteLength(body)}\n`;
      return `From customer@example.org Mon Jan  1 10:00:00 2024\n${head}\n${body}\n`;
    })
    .join('');
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-import-'));

for (const engine of engines) {
  describe(`mail history import on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    let inbox: { id: string; name: string; slug: string; fallbackAddress: string };
    const lines: string[] = [];
    const run = (
      p: string,
      o: { format?: 'mbox' | 'maildir' | 'eml'; variant?: 'mboxrd' | 'mboxo' | 'mboxcl' | 'mboxcl2'; inbox?: string } = {},
    ) =>
      importCommand(s.running.ctx, { inbox: o.inbox ?? inbox.name, path: p, format: o.format, variant: o.variant }, (l) => lines.push(l));
    const convs = async () => {
      const all: any[] = [];
      for (const status of ['open', 'closed']) {
        let cursor = '';
        for (;;) {
          const r = (
            await a.get(`/api/v1/conversations?inboxId=${inbox.id}&limit=100&status=${status}${cursor ? `&cursor=${cursor}` : ''}`)
          ).body;
          all.push(...r.items);
          if (!r.nextCursor) break;
          cursor = encodeURIComponent(r.nextCursor);
        }
      }
      return all;
    };
    const bySubject = async (subject: string) => (await convs()).filter((c) => c.subject === subject);
    const messages = async (id: string) => (await a.get(`/api/v1/conversations/${id}/messages`)).body.items as any[];

    before(async () => {
      s = await startTestServer({ engine, env: { MAX_MESSAGE_MB: '1', MAIL_DOMAIN: 'example.com' } });
      a = s.adminClient;
      inbox = (await a.get('/api/v1/inboxes')).body.items[0];
    });
    after(async () => {
      await s?.close();
    });

    test('an mbox of real mail: every message in, threaded, with its own date, closed as history', async () => {
      const r = await run(CORPUS_MBOX);
      assert.equal(r.status, 'done');
      assert.equal(r.messages, 45);
      assert.equal(r.imported + r.failed, 45 - r.duplicates);
      const all = await convs();
      // Threads as the live path makes them: a reply from a participant joins (by its references, or
      // by its subject within a week); one from someone else on a list starts its own conversation.
      const counts = new Map<string, number>();
      for (const c of all) counts.set(c.subject, Math.max(counts.get(c.subject) ?? 0, (await messages(c.id)).length));
      assert.equal(counts.get('RE: Transparency question'), 3);
      assert.equal(counts.get('Re: your mail'), 4);
      assert.equal(all.length, 32);
      // Mail from 2000 is history: closed, and dated then.
      assert.ok(all.length >= 20 && all.every((c) => c.status === 'closed'), 'old conversations are closed');
      assert.ok(
        all.every((c) => c.lastMessageAt < '2001-01-01'),
        'original dates kept',
      );
      assert.match(lines.at(-1)!, /Imported mbox\.src \(mbox, mboxrd\).*45 messages/);
      // The same file again: nothing new.
      const again = await run(CORPUS_MBOX);
      assert.equal(again.id === r.id, false);
      assert.equal(again.duplicates, 45);
      assert.equal((await convs()).length, all.length);
    });

    for (const variant of ['mboxrd', 'mboxo', 'mboxcl', 'mboxcl2'] as const) {
      test(`${variant}: From lines inside bodies, quoted and not, stay in their message`, async () => {
        const subject = `Variant ${variant}`;
        const bodies = [
          `Hello,\n\nFrom what I see the export fails.\n>From the log: nothing.\n\nFrom me Mon Jan  1 10:00:00 2024 looks like a postmark\nBye`,
          'Second message.',
          `Third, quoting:\n> From the earlier mail\nend`,
        ];
        const msgs = bodies.map((body, i) => message({ id: `${variant}.${i}@example.org`, subject: `${subject} ${i}`, body }));
        const dir = tmp();
        const file = path.join(dir, `${variant}.mbox`);
        fs.writeFileSync(file, mbox(msgs, variant));
        const r = await run(file, { variant });
        assert.equal(r.messages, 3, `${variant}: three messages`);
        for (const [i, body] of bodies.entries()) {
          const [c] = await bySubject(`${subject} ${i}`);
          assert.ok(c, `${subject} ${i}`);
          const [m] = await messages(c.id);
          // mboxo cannot tell a body's own ">From " from a quoted "From ": it comes back unquoted.
          const expected = variant === 'mboxo' || variant === 'mboxcl' ? body.replace(/^>From /gm, 'From ') : body;
          assert.equal(m.text.trim(), expected.trim());
        }
      });
    }

    test('the team’s own mail becomes agent replies; a recent unanswered customer keeps the conversation open', async () => {
      const now = Date.now();
      const ask = message({
        id: 'ask.1@example.org',
        subject: 'Invoice question',
        body: 'Where is my invoice?',
        date: new Date(now - 30 * DAY),
      });
      const answer = message({
        id: 'answer.1@example.com',
        from: `Support <${inbox.fallbackAddress}>`,
        to: 'Customer <customer@example.org>',
        subject: 'Re: Invoice question',
        body: 'Here it is.',
        inReplyTo: 'ask.1@example.org',
        date: new Date(now - 29 * DAY),
      });
      const admin = message({
        id: 'answer.2@example.com',
        from: `Admin <${s.admin.email}>`,
        to: 'customer@example.org',
        subject: 'Re: Invoice question',
        body: 'And a copy.',
        inReplyTo: 'answer.1@example.com',
        date: new Date(now - 28 * DAY),
      });
      const fresh = message({ id: 'fresh.1@example.org', subject: 'Still broken', body: 'Please help', date: new Date(now - 2 * DAY) });
      const dir = tmp();
      fs.writeFileSync(path.join(dir, 'h.mbox'), mbox([ask, answer, admin, fresh], 'mboxrd'));
      await run(path.join(dir, 'h.mbox'));
      const [invoice] = await bySubject('Invoice question');
      const thread = await messages(invoice.id);
      assert.deepEqual(
        thread.map((m) => m.kind),
        ['incoming', 'reply', 'reply'],
      );
      assert.equal(thread[1].author, null, 'from the inbox address: the team, no one in particular');
      assert.equal(thread[2].author.type, 'user', 'from a user’s address: that agent');
      assert.equal(thread[0].createdAt.slice(0, 10), new Date(now - 30 * DAY).toISOString().slice(0, 10), 'its own date');
      assert.equal(invoice.status, 'closed');
      assert.equal(invoice.contact.email, 'customer@example.org');
      const [still] = await bySubject('Still broken');
      assert.equal(still.status, 'open', 'a recent customer message still waits');
    });

    test('a Maildir with flags; broken, oversize and duplicate messages are counted and never stop the rest', async () => {
      const dir = tmp();
      for (const sub of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(dir, sub));
      const old = new Date(Date.now() - 100 * DAY);
      const put = (name: string, body: string) => fs.writeFileSync(path.join(dir, name), body);
      put('cur/1700000001.M1.host:2,S', message({ id: 'md.seen@example.org', subject: 'Maildir seen', body: 'seen', date: old }));
      put('cur/1700000002.M2.host:2,FS', message({ id: 'md.flag@example.org', subject: 'Maildir flagged', body: 'flagged', date: old }));
      put('cur/1700000003.M3.host:2,ST', message({ id: 'md.trash@example.org', subject: 'Maildir trashed', body: 'gone', date: old }));
      put(
        'cur/1700000004.M4.host:2,RS',
        message({ id: 'md.replied@example.org', subject: 'Maildir replied', body: 'answered elsewhere', date: new Date(Date.now() - DAY) }),
      );
      put('new/1700000005.M5.host', message({ id: null, subject: 'Maildir new', body: 'no id at all', date: new Date(Date.now() - DAY) }));
      // A duplicate of the seen one, under another name.
      put('new/1700000006.M6.host', message({ id: 'md.seen@example.org', subject: 'Maildir seen', body: 'seen', date: old }));
      put('new/1700000007.M7.host', `From: x@example.org\nSubject: Too big\n\n${'y'.repeat(1_200_000)}\n`);
      // The real corpus's hostile messages too.
      for (const f of ['mailparser/nested.eml', 'postal-mime/mimetorture.eml', 'mimekit/messages/empty-multipart.txt'])
        put(`new/1700000010.${path.basename(f)}`, fs.readFileSync(path.join(corpusDir, f), 'latin1'));
      const r = await run(dir);
      assert.equal(r.format, 'maildir');
      assert.equal(r.messages, 10);
      assert.equal(r.skipped, 1, 'trashed');
      assert.equal(r.duplicates, 1);
      assert.equal(r.failed, 1, 'the oversize one is kept raw');
      assert.equal((await bySubject('Maildir trashed')).length, 0);
      assert.equal((await bySubject('Maildir seen'))[0].status, 'closed');
      assert.equal((await bySubject('Maildir flagged'))[0].status, 'open', 'flagged stays open');
      assert.equal((await bySubject('Maildir replied'))[0].status, 'closed', 'replied in the mail client');
      assert.equal((await bySubject('Maildir new'))[0].status, 'open', 'recent and unanswered');
      const [big] = (await convs()).filter((c) => c.subject === '(unreadable message)');
      assert.ok(big);
      const [bm] = await messages(big.id);
      assert.match(bm.text, /over the import's limit/);
      // The same messages as .eml files: all duplicates.
      const emls = tmp();
      fs.copyFileSync(path.join(dir, 'cur/1700000001.M1.host:2,S'), path.join(emls, 'a.eml'));
      fs.copyFileSync(path.join(dir, 'new/1700000005.M5.host'), path.join(emls, 'b.eml'));
      const e = await run(emls);
      assert.equal(e.format, 'eml');
      assert.equal(e.duplicates, 2);
    });

    test('bad input gets a clear error and changes nothing', async () => {
      const dir = tmp();
      fs.writeFileSync(path.join(dir, 'x.mbox'), 'Subject: not an mbox\n\nhello\n');
      const before = (await s.running.ctx.db.kysely.selectFrom('imports').select('id').execute()).length;
      await assert.rejects(run(path.join(dir, 'x.mbox')), /not an mbox file/);
      await assert.rejects(run(path.join(dir, 'missing')), /does not exist/);
      await assert.rejects(run(CORPUS_MBOX, { inbox: 'No such inbox' }), /No inbox named/);
      await assert.rejects(run(CORPUS_MBOX, { variant: 'mboxzz' as never }), /Unknown mbox variant/);
      assert.equal((await s.running.ctx.db.kysely.selectFrom('imports').select('id').execute()).length, before);
    });
  });
}

describe('an import killed mid-way', () => {
  for (const engine of engines) {
    test(`resumes on ${engine} and imports each message once`, async () => {
      const storage = await isolatedStorage(engine);
      const s = await startTestServer({ engine, storage });
      try {
        const inbox = (await s.adminClient.get('/api/v1/inboxes')).body.items[0];
        const dir = tmp();
        const file = path.join(dir, 'big.mbox');
        const N = 1500;
        const out = fs.createWriteStream(file);
        for (let i = 0; i < N; i++)
          out.write(
            mbox(
              [
                message({
                  id: i % 7 === 0 ? null : `kill.${i}@example.org`,
                  subject: `Kill ${i % 300}`,
                  body: `Message ${i}\nFrom the file: killword${i}x.`,
                }),
              ],
              'mboxrd',
            ),
          );
        await new Promise((r) => out.end(r));
        const env: Record<string, string> = {
          ...(process.env as Record<string, string>),
          DATA_DIR: storage.dataDir,
          LOG_LEVEL: 'silent',
          MAIL_DOMAIN: 'example.com',
        };
        delete env.DATABASE_URL;
        if (engine === 'postgres') env.DATABASE_URL = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${storage.schema}`)}`;
        const child = spawn(process.execPath, [path.join(root, 'bin/switchboard.mjs'), 'import', '--inbox', inbox.name, file], {
          cwd: root,
          env,
          stdio: 'ignore',
        });
        const k = s.running.ctx.db.kysely;
        // Killed once it is well under way.
        for (;;) {
          const r = await k.selectFrom('imports').select('messages').executeTakeFirst();
          if (r && Number(r.messages) >= 300) break;
          if (child.exitCode !== null) throw new Error('the import ended before it could be killed');
          await new Promise((res) => setTimeout(res, 20));
        }
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
        const mid = await k.selectFrom('imports').selectAll().executeTakeFirstOrThrow();
        assert.equal(mid.status, 'running');
        assert.ok(Number(mid.messages) < N, 'killed before the end');
        // The command only queues the text it imports: the running server's indexer makes it searchable.
        await waitFor(
          'an imported message in search',
          async () => (await s.adminClient.get('/api/v1/conversations?q=killword5x')).body.items.length === 1,
        );
        const done = await importCommand(s.running.ctx, { inbox: inbox.name, path: file }, () => undefined);
        assert.equal(done.id, mid.id, 'the same run goes on');
        assert.equal(done.status, 'done');
        const count = await k
          .selectFrom('messages')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('kind', '=', 'incoming')
          .executeTakeFirstOrThrow();
        assert.equal(Number(count.n), N, 'each message once');
        assert.equal(done.imported + done.duplicates, N);
        assert.ok(done.duplicates < 200, `only the messages after the last saved position are seen again (${done.duplicates})`);
      } finally {
        await s.close();
      }
    });
  }
});
