/**
 * `/metrics` as Prometheus scrapes it: only with METRICS_TOKEN as a bearer token, and each figure
 * an operator watches is there and moves when the thing it counts happens.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TRANSCRIPT_JOB } from '../../src/server/channels/chat/transcript.js';
import { enqueue } from '../../src/server/db/job-queue.js';
import { VisitorClient } from '../chat/support/visitor.js';
import { mail, sendRaw, waitFor } from '../email/support/mail.js';
import { startTestDns, type TestDns } from '../support/dns.js';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { StreamClient } from '../support/stream.js';

const TOKEN = 'metrics-token-for-tests-0123456789';

/** The sum of a metric's samples whose labels include `labels`. */
function value(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  let seen = false;
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) {
      sum += Number(m[3]);
      seen = true;
    }
  }
  assert.ok(seen || Object.keys(labels).length > 0, `${name} is not in /metrics`);
  return sum;
}

for (const engine of engines) {
  describe(`/metrics on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let dns: TestDns;
    const scrape = async () => {
      const r = await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type') ?? '', /^text\/plain/);
      return r.text();
    };

    before(async () => {
      dns = await startTestDns();
      s = await startTestServer({ engine, env: { METRICS_TOKEN: TOKEN, DNS_SERVERS: dns.address } });
    });
    after(async () => {
      await s?.close();
      await dns?.close();
    });

    test('answers only with the token: none or a wrong one is 401, and nothing about the server shows', async () => {
      for (const headers of [
        {} as Record<string, string>,
        { authorization: 'Bearer wrong' },
        { authorization: `Bearer ${TOKEN}x` },
        { authorization: TOKEN },
      ]) {
        const r = await fetch(`${s.url}/metrics`, { headers });
        assert.equal(r.status, 401, JSON.stringify(headers));
        assert.equal(r.headers.get('www-authenticate'), 'Bearer');
        assert.doesNotMatch(await r.text(), /switchboard_|nodejs_/);
      }
      // An agent's session is not the token either.
      assert.equal((await s.adminClient.get('/metrics')).status, 401);
    });

    test('counts requests by route pattern and status', async () => {
      const before = await scrape();
      const route = { method: 'GET', route: '/api/v1/conversations/:id', status: '404' };
      await s.adminClient.get('/api/v1/conversations/nope-1');
      await s.adminClient.get('/api/v1/conversations/nope-2');
      const now = await scrape();
      assert.equal(
        value(now, 'switchboard_http_request_duration_seconds_count', route) -
          value(before, 'switchboard_http_request_duration_seconds_count', route),
        2,
      );
      assert.doesNotMatch(now, /nope-1/, 'the raw URL is never a label');
    });

    test('shows event-loop lag, and a blocked loop shows in it', async () => {
      assert.ok(value(await scrape(), 'nodejs_eventloop_lag_seconds') >= 0);
      // Each scrape reads the lag recorded since the one before; the loop is blocked before each try.
      await waitFor('a blocked loop in nodejs_eventloop_lag_max_seconds', async () => {
        const until = Date.now() + 300;
        while (Date.now() < until) {
          /* the server shares this process: its loop is blocked too */
        }
        await new Promise((r) => setTimeout(r, 50));
        return value(await scrape(), 'nodejs_eventloop_lag_max_seconds') >= 0.2;
      });
    });

    test('counts SMTP sessions and accepted mail', async () => {
      const before = await scrape();
      const inbox = (await s.adminClient.get('/api/v1/inboxes')).body.items[0];
      const r = await sendRaw(s.running.smtpPort!, inbox.fallbackAddress, mail({ to: inbox.fallbackAddress, subject: 'Counted' }));
      assert.equal(r.ok, true, r.response);
      const now = await scrape();
      assert.equal(value(now, 'switchboard_smtp_sessions_total') - value(before, 'switchboard_smtp_sessions_total'), 1);
      assert.equal(value(now, 'switchboard_smtp_messages_accepted_total') - value(before, 'switchboard_smtp_messages_accepted_total'), 1);
      // The sender hung up: no session is left open.
      await waitFor(
        'the SMTP session to close',
        async () => value(await scrape(), 'switchboard_smtp_sessions_open') === value(before, 'switchboard_smtp_sessions_open'),
      );
    });

    test('shows the job queue by kind and counts failed jobs', async () => {
      const before = await scrape();
      const later = new Date(Date.now() + 3600_000).toISOString();
      await s.running.ctx.db.transaction(async (trx) => {
        await enqueue(
          trx,
          TRANSCRIPT_JOB,
          { conversationId: 'x', closedAt: later },
          { runAt: later, dedupeKey: `metrics-later-${engine}` },
        );
        // A payload that does not match its schema fails at once, for good.
        await enqueue(trx, TRANSCRIPT_JOB, { nonsense: true } as never, { dedupeKey: `metrics-bad-${engine}` });
      });
      const waiting = { kind: 'chat-transcript', due: 'false' };
      assert.equal(
        value(await scrape(), 'switchboard_job_queue_depth', waiting) - value(before, 'switchboard_job_queue_depth', waiting),
        1,
      );
      const failures = { kind: 'chat-transcript', final: 'true' };
      await waitFor(
        'the bad job to fail',
        async () =>
          value(await scrape(), 'switchboard_job_failures_total', failures) - value(before, 'switchboard_job_failures_total', failures) ===
          1,
      );
      assert.equal(value(await scrape(), 'switchboard_jobs_failed') - value(before, 'switchboard_jobs_failed'), 1);
    });

    test('counts open stream and widget sockets, and their closing', async () => {
      const before = await scrape();
      const stream = await StreamClient.connect(s.url, { cookie: s.adminClient.cookie });
      const inboxId = (await s.adminClient.get('/api/v1/inboxes')).body.items[0].id;
      const channel = (
        await s.adminClient.post(`/api/v1/inboxes/${inboxId}/channels`, {
          kind: 'chat',
          name: 'Metrics site',
          settings: { allowedOrigins: ['http://shop.example'] },
        })
      ).body;
      const { v, welcome } = await VisitorClient.hello(s.url, channel.id);
      assert.equal(welcome.type, 'welcome');
      let now = await scrape();
      assert.equal(value(now, 'switchboard_stream_sockets') - value(before, 'switchboard_stream_sockets'), 1);
      assert.equal(value(now, 'switchboard_widget_sockets') - value(before, 'switchboard_widget_sockets'), 1);
      stream.close();
      v.close();
      await waitFor('the sockets to close', async () => {
        now = await scrape();
        return (
          value(now, 'switchboard_stream_sockets') === value(before, 'switchboard_stream_sockets') &&
          value(now, 'switchboard_widget_sockets') === value(before, 'switchboard_widget_sockets')
        );
      });
    });
  });
}

describe('/metrics without METRICS_TOKEN', () => {
  test('is not there (404), even from the same host', async () => {
    const s = await startTestServer({ engine: 'sqlite' });
    try {
      const r = await fetch(`${s.url}/metrics`);
      assert.equal(r.status, 404);
    } finally {
      await s.close();
    }
  });
});
