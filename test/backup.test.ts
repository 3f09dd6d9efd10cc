/** `switchboard backup <file>` and `--help`, as an operator runs them, against a server that keeps writing. */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import SQLite from 'better-sqlite3';
import { configVariables } from '../src/server/config.js';
import { root, startServerProcess } from './support/process.js';
import { Client } from './support/server.js';

const bin = path.join(root, 'bin/switchboard.mjs');
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|REDIS_URL|ADMIN_|PORT|DATA_DIR|FILES_DIR|MAIL_DOMAIN|SECRET_KEY)/.test(k)),
);
const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-backup-'));

/** Runs the CLI without blocking this process (the server under test lives in another one). */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...cleanEnv, LOG_LEVEL: 'silent', ...env } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('switchboard backup', () => {
  test('copies the database while the server writes; the copy opens and holds the data', async () => {
    const dir = tmpDir();
    const admin = { ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-password-1' };
    const s = await startServerProcess(
      { LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', SMTP_PORT: 'off', DATA_DIR: dir, ...admin },
      cleanEnv,
    );
    try {
      const c = new Client(s.url);
      assert.equal((await c.post('/api/v1/auth/login', { email: admin.ADMIN_EMAIL, password: admin.ADMIN_PASSWORD })).status, 200);
      let created = 0;
      const create = async () => {
        const r = await c.post('/api/v1/contacts', { name: `Customer ${created}`, email: `customer-${created}@example.org` });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        created++;
      };
      for (let i = 0; i < 20; i++) await create();
      const before = created;
      // Writes go on during the backup.
      let writing = true;
      const writer = (async () => {
        while (writing) await create();
      })();
      const file = path.join(tmpDir(), 'nested', 'switchboard-backup.db');
      const r = await cli(['backup', file], { DATA_DIR: dir });
      writing = false;
      await writer;
      assert.equal(r.code, 0, r.out);
      assert.match(r.out, /Backed up .* to .*switchboard-backup\.db/);
      assert.match(r.out, /search index is not in it/);
      assert.match(r.out, /secret key/);

      const copy = new SQLite(file, { readonly: true });
      try {
        assert.equal(copy.pragma('integrity_check', { simple: true }), 'ok');
        const n = (copy.prepare('select count(*) as n from contacts where email like ?').get('customer-%@example.org') as { n: number }).n;
        assert.ok(n >= before && n <= created, `${n} contacts in the copy: at least the ${before} made before, at most ${created}`);
        const users = copy.prepare('select email from users').all() as { email: string }[];
        assert.deepEqual(
          users.map((u) => u.email),
          ['admin@example.com'],
        );
      } finally {
        copy.close();
      }

      // A server started on the copy (as a restore) serves what it holds.
      const restored = tmpDir();
      fs.copyFileSync(file, path.join(restored, 'switchboard.db'));
      fs.copyFileSync(path.join(dir, 'secret.key'), path.join(restored, 'secret.key'));
      const s2 = await startServerProcess(
        { LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', SMTP_PORT: 'off', DATA_DIR: restored },
        cleanEnv,
      );
      try {
        const c2 = new Client(s2.url);
        assert.equal((await c2.post('/api/v1/auth/login', { email: admin.ADMIN_EMAIL, password: admin.ADMIN_PASSWORD })).status, 200);
        const found = await c2.get('/api/v1/contacts?q=customer-0%40example.org');
        assert.equal(found.status, 200);
        assert.equal(found.body.items[0]?.email, 'customer-0@example.org');
      } finally {
        await s2.stop();
      }

      const again = await cli(['backup', file], { DATA_DIR: dir });
      assert.equal(again.code, 1);
      assert.match(again.out, /exists already/);
    } finally {
      await s.stop();
    }
  });

  test('without a file name, or on PostgreSQL, it says what to do instead and copies nothing', async () => {
    const none = await cli(['backup'], { DATA_DIR: tmpDir() });
    assert.equal(none.code, 1);
    assert.match(none.out, /backup needs one file name/);
    const file = path.join(tmpDir(), 'pg.db');
    const pg = await cli(['backup', file], { DATA_DIR: tmpDir(), DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    assert.equal(pg.code, 1);
    assert.match(pg.out, /pg_dump --format=custom/);
    assert.equal(fs.existsSync(file), false);
  });

  test('--help lists every command and every setting', () => {
    const r = spawnSync(process.execPath, [bin, '--help'], { cwd: root, env: cleanEnv, encoding: 'utf8' });
    assert.equal(r.status, 0);
    for (const cmd of ['start', 'migrate', 'create-user', 'reset-password', 'demo', 'backup <file>'])
      assert.match(r.stdout, new RegExp(`^  ${cmd}`, 'm'), cmd);
    for (const name of configVariables) assert.match(r.stdout, new RegExp(`\\b${name}\\b`), name);
  });
});
