/**
 * The last line of defence: in a process set up like `switchboard start`, a promise rejected
 * with nobody to catch it is logged and the process keeps running (Node's default ends it).
 * Several kinds of rejection, each in its own child process; a control without the guard shows
 * the test can fail.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { root } from '../support/process.js';

const guard = path.join(root, 'src/server/process-guard.ts');

function run(guarded: boolean, rejection: string) {
  const code = `
    ${guarded ? `const { keepServingOnUnhandledRejection } = await import(${JSON.stringify(guard)}); keepServingOnUnhandledRejection();` : ''}
    ${rejection};
    await new Promise((r) => setTimeout(r, 200));
    console.log('still serving');
  `;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

const rejections = [
  `Promise.reject(new Error('invalid byte sequence for encoding "UTF8": 0x00'))`,
  `void (async () => { throw new TypeError('boom') })()`,
  `Promise.reject('a string, not an Error')`,
  `Promise.reject(undefined)`,
  `new Promise((_, rej) => setTimeout(() => rej(new RangeError('later')), 20))`,
];

test('an unhandled rejection is logged and the process keeps running', { timeout: 300_000 }, () => {
  for (const r of rejections) {
    const out = run(true, r);
    assert.equal(out.status, 0, `${r}: ${out.stderr}`);
    assert.match(out.stdout, /still serving/, r);
    assert.match(out.stderr, /Unhandled promise rejection/, r);
  }
});

test('without the guard the same rejection ends the process (the test can fail)', { timeout: 120_000 }, () => {
  const out = run(false, rejections[0]!);
  assert.notEqual(out.status, 0);
  assert.doesNotMatch(out.stdout, /still serving/);
});
