#!/usr/bin/env node
// What an operator does: `npm ci --omit=dev` in a copy of this checkout, then `npm start` until
// /readyz answers and the agent app is served. Fails when a package the start needs is a dev
// dependency, when a dev dependency is installed anyway, or when npm warns that a package does not
// support this Node (EBADENGINE). `.ci/run` runs it; `--online` lets npm use the registry, by
// default it installs from npm's cache only (`--offline`). Prints how long each step took.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const online = process.argv.includes('--online');
const keep = process.argv.includes('--keep');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-prod-'));
const app = path.join(work, 'app');
const data = path.join(work, 'data');
const secs = (t) => `${((Date.now() - t) / 1000).toFixed(0)} s`;
const fail = (msg) => {
  console.error(`check-production-install: ${msg}`);
  cleanup();
  process.exit(1);
};
function cleanup() {
  if (!keep) fs.rmSync(work, { recursive: true, force: true });
  else console.log(`check-production-install: left ${work}`);
}

// The files a release holds: tracked and new ones, none that .gitignore names (node_modules, dist, data).
const list = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' });
if (list.status !== 0) fail(`git ls-files failed: ${list.stderr}`);
for (const rel of list.stdout.split('\0').filter(Boolean)) {
  const from = path.join(root, rel);
  if (!fs.existsSync(from)) continue; // deleted, not yet committed
  fs.mkdirSync(path.dirname(path.join(app, rel)), { recursive: true });
  fs.copyFileSync(from, path.join(app, rel));
}

let t = Date.now();
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const ci = spawnSync(npm, ['ci', '--omit=dev', '--no-audit', '--no-fund', ...(online ? [] : ['--offline'])], {
  cwd: app,
  encoding: 'utf8',
  env: { ...process.env, NODE_ENV: 'production' },
});
const ciOut = `${ci.stdout}${ci.stderr}`;
if (ci.status !== 0) fail(`npm ci --omit=dev failed:\n${ciOut}`);
console.log(`check-production-install: npm ci --omit=dev took ${secs(t)}`);
if (/EBADENGINE/.test(ciOut)) fail(`npm warns about engines:\n${ciOut}`);
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const installedDev = Object.keys(pkg.devDependencies ?? {}).filter((d) => fs.existsSync(path.join(app, 'node_modules', d, 'package.json')));
// A dev dependency may also be a dependency of a runtime package; only say so, it is not an error.
if (installedDev.length)
  console.log(`check-production-install: also present as runtime packages' dependencies: ${installedDev.join(', ')}`);

t = Date.now();
const child = spawn(process.execPath, ['bin/switchboard.mjs', 'start'], {
  cwd: app,
  env: {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|REDIS_URL|PORT|HOST|DATA_DIR|FILES_DIR)$/.test(k))),
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    SMTP_PORT: 'off',
    DATA_DIR: data,
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let out = '';
const url = await new Promise((resolve) => {
  const onData = (d) => {
    out += d.toString();
    const m = /running: open (http:\/\/\S+)/.exec(out);
    if (m) resolve(m[1]);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.once('exit', (code) => fail(`switchboard start exited (${code}) before it ran:\n${out}`));
  setTimeout(() => fail(`switchboard start did not run within 10 minutes:\n${out}`), 600_000).unref();
});
const stop = () =>
  new Promise((r) => (child.exitCode !== null ? r() : (child.removeAllListeners('exit'), child.once('exit', r), child.kill('SIGTERM'))));
try {
  const ready = await fetch(`${url}/readyz`);
  if (ready.status !== 200) throw new Error(`/readyz answered ${ready.status}`);
  const index = await fetch(`${url}/`);
  const html = await index.text();
  if (index.status !== 200 || !/<script[^>]+src="\/assets\//.test(html))
    throw new Error(`/ did not serve the built agent app (${index.status})`);
  if (/The agent app failed to build/.test(out)) throw new Error(`the agent app failed to build:\n${out}`);
  console.log(`check-production-install: first start (builds the app) answered /readyz after ${secs(t)}`);
} catch (err) {
  await stop();
  fail(err.message);
}
await stop();
cleanup();
console.log('check-production-install: ok');
