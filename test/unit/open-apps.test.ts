/** Whose app is open across processes (`realtime/open-apps.ts`): two processes joined by an in-memory relay. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Relay } from '../../src/server/events/bus.js';
import { OpenApps } from '../../src/server/realtime/open-apps.js';

/** Relays that pass each process's messages to the others (never to itself), as Redis does. */
function relays(n: number): Relay[] {
  const handlers: Map<string, (d: unknown) => void>[] = [];
  return Array.from({ length: n }, (_, i) => {
    handlers[i] = new Map();
    return {
      announce() {},
      onAnnounce() {},
      send: (topic, data) => handlers.forEach((h, j) => j !== i && h.get(topic)?.(structuredClone(data))),
      onMessage: (topic, fn) => void handlers[i]!.set(topic, fn),
      close: async () => undefined,
    } satisfies Relay;
  });
}

test('a tab open in one process is known in the other until its last socket closes', () => {
  const [ra, rb] = relays(2);
  const a = new OpenApps(ra);
  const b = new OpenApps(rb);
  try {
    assert.equal(b.isOpen('u1'), false);
    a.change('u1', 1);
    a.change('u1', 1);
    assert.equal(a.isOpen('u1'), true);
    assert.equal(b.isOpen('u1'), true, 'heard over the relay');
    a.change('u1', -1);
    assert.equal(b.isOpen('u1'), true, 'one of two tabs still open');
    a.change('u1', -1);
    assert.equal(a.isOpen('u1'), false);
    assert.equal(b.isOpen('u1'), false, 'the last one closed');
  } finally {
    a.close();
    b.close();
  }
});

test('what another process said is forgotten after 75 s without a repeat (a process that died)', () => {
  const [ra, rb] = relays(2);
  const a = new OpenApps(ra);
  const b = new OpenApps(rb);
  try {
    a.change('u2', 1);
    assert.equal(b.isOpen('u2', Date.now() + 74_000), true);
    assert.equal(b.isOpen('u2', Date.now() + 76_000), false);
  } finally {
    a.close();
    b.close();
  }
});
