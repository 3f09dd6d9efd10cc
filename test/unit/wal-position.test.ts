import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lsnReached, lsnValue } from '../../src/server/db/wal-position.js';

test('WAL positions compare as 64-bit numbers, not as text', () => {
  assert.equal(lsnValue('0/0'), 0n);
  assert.equal(lsnValue('1/0'), 1n << 32n);
  assert.equal(lsnValue('16/B374D848'), (0x16n << 32n) | 0xb374d848n);
  assert.ok(lsnReached('10/0', '9/FFFFFFFF'));
  assert.ok(!lsnReached('9/FFFFFFFF', '10/0'));
  assert.ok(lsnReached('0/3000060', '0/3000060'));
  assert.ok(!lsnReached('0/A', '0/1A'));
  assert.throws(() => lsnValue('not a position'), /Not a WAL position/);
});
