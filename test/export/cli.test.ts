/** `switchboard export` and `restore` as an operator runs them: real processes on SQLite data folders. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { comparableManifest, type Manifest } from '../../src/server/export/manifest.js';
import { isolatedStorage } from '../support/engines.js';
import { Factory } from '../support/factory.js';
import { root } from '../support/process.js';
import { startTestServer } from '../support/server.js';
import { entries } from './support/archive.js';

const bin = path.join(root, 'bin/switchboard.mjs');
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|REDIS_URL|ADMIN_|PORT|DATA_DIR|MAIL_DOMAIN|SECRET_KEY)/.test(k)),
);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-export-cli-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(args: string[], dataDir: string) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    env: { ...cleanEnv, LOG_LEVEL: 'silent', DATA_DIR: dataDir },
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

const manifestOf = (file: string) => JSON.parse(entries(file).get('manifest.json')!.toString('utf8')) as Manifest;

describe('export and restore commands', () => {
  test('export, restore into a new data folder, export again: the same manifest; a second restore is refused', async () => {
    const storage = await isolatedStorage('sqlite');
    const s = await startTestServer({ storage });
    const f = new Factory(s);
    const conv = await f.conversation({ body: 'Exported by the command' });
    await f.message(conv.id, { body: 'and restored by it' });
    await s.close();

    const first = path.join(tmp, 'first.tar.gz');
    const exported = cli(['export', first], storage.dataDir);
    assert.equal(exported.code, 0, exported.out);
    assert.match(exported.out, /Exported to .*first\.tar\.gz: \d+ tables \(\d+ rows, 1 conversations, 2 messages\)/);

    const target = path.join(tmp, 'target');
    const restored = cli(['restore', first], target);
    assert.equal(restored.code, 0, restored.out);
    assert.match(restored.out, /Restored \d+ rows/);
    assert.match(restored.out, /Users without a password until it is reset: 1 /);

    const second = path.join(tmp, 'second.tar');
    assert.equal(cli(['export', second], target).code, 0);
    assert.deepEqual(comparableManifest(manifestOf(second)), comparableManifest(manifestOf(first)));

    const again = cli(['restore', first], target);
    assert.equal(again.code, 1);
    assert.match(again.out, /This installation is not empty \(1 conversations.*Nothing was changed\./s);
    assert.equal(cli(['restore', path.join(tmp, 'missing.tar')], path.join(tmp, 'other')).code, 1);
    await storage.drop();
  });
});
