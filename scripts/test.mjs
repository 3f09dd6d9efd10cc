#!/usr/bin/env node
// `npm test`: every server, API and realtime test on SQLite and PostgreSQL, then the browser
// tests. Suites whose service or package is missing say so and are skipped; REQUIRE_ALL=1
// (set by .ci/run) turns each such skip into a failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const only = process.argv.slice(2);

function find(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'support' ? [] : find(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

let files = [...find(path.join(root, 'test')), ...find(path.join(root, 'e2e'))].sort();
if (only.length) files = files.filter((f) => only.some((o) => f.includes(o)));
if (!files.length) {
  console.error('No test files found');
  process.exit(1);
}

if (files.some((f) => f.includes(`${path.sep}e2e${path.sep}`)) && fs.existsSync(path.join(root, 'scripts/build-web.mjs'))) {
  const b = spawnSync(process.execPath, [path.join(root, 'scripts/build-web.mjs')], { stdio: 'inherit', cwd: root });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
if (
  files.some((f) => f.includes(`${path.sep}e2e${path.sep}`) || f.includes(`${path.sep}chat`)) &&
  fs.existsSync(path.join(root, 'scripts/build-widget.mjs'))
) {
  const b = spawnSync(process.execPath, [path.join(root, 'scripts/build-widget.mjs'), '--quiet'], { stdio: 'inherit', cwd: root });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

const r = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-timeout=900000',
    '--test-reporter=tap',
    '--test-reporter-destination=stdout',
    `--test-reporter=${path.join(root, 'scripts/failures-reporter.mjs')}`,
    '--test-reporter-destination=stdout',
    ...files.map((f) => path.relative(root, f)),
  ],
  { stdio: 'inherit', cwd: root, env: { ...process.env, NODE_NO_WARNINGS: '1' } },
);
process.exit(r.status ?? 1);
