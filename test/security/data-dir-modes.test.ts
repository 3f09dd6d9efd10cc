/**
 * The data directory is the server user's alone: DATA_DIR and FILES_DIR 0700, the database files,
 * the key file and stored files 0600 — on a fresh start and for files an older version left readable.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { engines, engineSuite, isolatedStorage } from '../support/engines.js';
import { startTestServer } from '../support/server.js';
import { sendRaw } from '../email/support/mail.js';

const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8);

/** Every file and folder under `root` whose mode is not private, as `path mode`. */
function notPrivate(root: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = fs.statSync(p);
    const want = st.isDirectory() ? 0o700 : 0o600;
    if ((st.mode & 0o777) !== want) out.push(`${path.relative(root, p) || '.'} ${mode(p)}`);
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
  };
  walk(root);
  return out;
}

const raw = (to: string) =>
  [
    'From: ada@example.org',
    `To: ${to}`,
    'Subject: With a file',
    'Message-ID: <modes-1@example.org>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'See the file.',
    '--b1',
    'Content-Type: application/pdf; name="a.pdf"',
    'Content-Disposition: attachment; filename="a.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('%PDF-1.4 private').toString('base64'),
    '--b1--',
    '',
  ].join('\r\n');

// Checked before any suite runs: a busy event loop must not make PostgreSQL look unreachable.
const suites = { sqlite: await engineSuite('sqlite'), postgres: await engineSuite('postgres') };

for (const engine of engines) {
  describe(`data directory modes on ${engine}`, suites[engine], () => {
    test('a fresh start leaves DATA_DIR 0700 and every file in it 0600, stored attachments included', async () => {
      const storage = await isolatedStorage(engine);
      fs.chmodSync(storage.dataDir, 0o755);
      const s = await startTestServer({ engine, storage, env: { SMTP_PORT: '0' } });
      try {
        const inbox = (await s.adminClient.get('/api/v1/inboxes')).body.items[0];
        const r = await sendRaw(s.running.smtpPort!, `${inbox.slug}@switchboard.localhost`, raw(`${inbox.slug}@switchboard.localhost`));
        assert.equal(r.code, 250, JSON.stringify(r));
        const expected =
          engine === 'sqlite'
            ? ['switchboard.db', 'switchboard.db-wal', 'switchboard.db-shm', 'switchboard.db-search', 'secret.key', 'files']
            : ['secret.key', 'files'];
        for (const f of expected) assert.ok(fs.existsSync(path.join(storage.dataDir, f)), `${f} exists`);
        const files = fs.readdirSync(path.join(storage.dataDir, 'files'), { recursive: true }).map(String);
        assert.ok(
          files.some((f) => f.startsWith('attachments') && fs.statSync(path.join(storage.dataDir, 'files', f)).isFile()),
          `an attachment was stored: ${files}`,
        );
        assert.deepEqual(notPrivate(storage.dataDir), []);
      } finally {
        await s.close();
        await storage.drop();
      }
    });

    test('files an older version left readable are made private at start', async () => {
      const storage = await isolatedStorage(engine);
      let s = await startTestServer({ engine, storage });
      await s.close();
      // As an older version (umask 022) would have left them, plus a stored file.
      const old = path.join(storage.dataDir, 'files', 'held', '2020-01');
      fs.mkdirSync(old, { recursive: true });
      fs.writeFileSync(path.join(old, 'mail-1'), 'raw mail');
      const chmodAll = (p: string) => {
        const st = fs.statSync(p);
        fs.chmodSync(p, st.isDirectory() ? 0o755 : 0o644);
        if (st.isDirectory()) for (const e of fs.readdirSync(p)) chmodAll(path.join(p, e));
      };
      chmodAll(storage.dataDir);
      assert.notDeepEqual(notPrivate(storage.dataDir), []);
      // Not Switchboard's: left as it is (DATA_DIR may be shared).
      const foreign = path.join(storage.dataDir, 'README.txt');
      fs.writeFileSync(foreign, 'mine');
      fs.chmodSync(foreign, 0o644);
      s = await startTestServer({ engine, storage });
      try {
        assert.deepEqual(notPrivate(storage.dataDir), ['README.txt 644']);
        assert.equal(mode(path.join(old, 'mail-1')), '600');
      } finally {
        await s.close();
        await storage.drop();
      }
    });
  });
}
