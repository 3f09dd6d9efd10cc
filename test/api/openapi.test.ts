import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiRoutes } from '../../src/server/http/server.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe('API documentation', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s?.close());

  test('openapi.json documents every route with its input schema', async () => {
    const r = await s.anonymous().get('/api/v1/openapi.json');
    assert.equal(r.status, 200);
    assert.equal(r.body.openapi, '3.1.0');
    for (const route of apiRoutes(s.running.ctx, { sessionDays: 1 })) {
      const op = r.body.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
      assert.ok(op, `${route.method} ${route.url} is documented`);
      assert.ok(op.summary);
      if (route.body) assert.ok(op.requestBody.content['application/json'].schema, `${route.url} body schema`);
    }
    const list = r.body.paths['/api/v1/conversations'].get;
    const names = list.parameters.map((p: any) => p.name);
    for (const q of ['inboxId', 'view', 'status', 'channel', 'assigneeId', 'teamId', 'from', 'to', 'q', 'cursor', 'limit'])
      assert.ok(names.includes(q), q);
    assert.ok(r.body.paths['/api/v1/stream'].get, 'the stream is listed');
  });

  test('a readable docs page', async () => {
    const r = await s.anonymous().get('/api/docs');
    assert.equal(r.status, 200);
    assert.match(r.body, /Switchboard API/);
    assert.match(r.body, /openapi\.json/);
  });

  test('unknown API routes answer 404 in JSON', async () => {
    const r = await s.adminClient.get('/api/v1/nothing-here');
    assert.equal(r.status, 404);
    assert.equal(r.body.error, 'not_found');
  });
});
