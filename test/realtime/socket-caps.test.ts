/**
 * The stream's sockets per user across processes (Redis): a process that stops without closing its
 * sockets (a crash) stops counting once its places expire, while a live process's places stay counted
 * because it keeps refreshing them. Short TTLs here; a minute in the server.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { memorySocketCaps, redisSocketCaps } from '../../src/server/realtime/socket-caps.js';
import { openSharedRedis, type SharedRedis } from '../../src/server/shared-redis.js';
import { missing, REDIS_URL } from '../support/engines.js';
import { waitFor } from '../email/support/mail.js';

describe('stream sockets per user in memory', () => {
  test('at most max places; a freed one is free again, once', async () => {
    const caps = memorySocketCaps(2);
    const one = await caps.take('u');
    assert.ok(one && (await caps.take('u')));
    assert.equal(await caps.take('u'), null);
    assert.ok(await caps.take('other'), 'another user is not affected');
    one();
    one();
    assert.ok(await caps.take('u'));
    assert.equal(await caps.take('u'), null, 'freeing twice freed one place');
  });
});

const skip = await missing('redis');

describe('stream sockets per user across processes with Redis', skip ? { skip } : {}, () => {
  let redis: SharedRedis | undefined;
  after(() => redis?.close());

  test("a stopped process's sockets stop counting; a live one's keep counting", async () => {
    redis = openSharedRedis(REDIS_URL, `caps-${randomBytes(4).toString('hex')}`);
    const live = redisSocketCaps(redis, 2, 400, 100);
    const crashed = redisSocketCaps(redis, 2, 400, 100);
    const other = redisSocketCaps(redis, 2, 400, 100);
    try {
      assert.ok(await live.take('u'));
      assert.ok(await crashed.take('u'));
      assert.equal(await other.take('u'), null, 'two held in two processes: full');
      // The crashed process neither closes nor refreshes its socket.
      crashed.close();
      const place = await waitFor('the crashed place to expire', () => other.take('u'));
      assert.equal(await other.take('u'), null, "the live process's place, older than the TTL, still counts");
      place();
      assert.ok(await other.take('u'), 'a closed socket frees its place at once');
    } finally {
      live.close();
      other.close();
    }
  });
});
