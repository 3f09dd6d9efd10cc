import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
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

  test('every operation has a unique operationId, an answer schema where it answers JSON, and says how to sign in', async () => {
    const { body: doc } = await s.anonymous().get('/api/v1/openapi.json');
    const ids = new Set<string>();
    for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        assert.match(op.operationId ?? '', /^[a-z][A-Za-z]+$/, `${method} ${path} has an operationId`);
        assert.ok(!ids.has(op.operationId), `${op.operationId} is used once`);
        ids.add(op.operationId);
      }
    assert.equal(doc.paths['/api/v1/conversations'].get.operationId, 'listConversations');
    assert.equal(doc.paths['/api/v1/conversations/{id}/messages'].post.operationId, 'replyToConversation');
    for (const route of apiRoutes(s.running.ctx, { sessionDays: 1 })) {
      const op = doc.paths[route.url.replace(/:(\w+)/g, '{$1}')][route.method.toLowerCase()];
      const ok = op.responses[String(route.status ?? 200)];
      // Every JSON answer is described; 204 and file downloads have no JSON body.
      const isFile = /\/(attachments|uploads)\/:id|\/exports\/:id\/(download|file)$/.test(route.url) && route.method === 'GET';
      if (route.produces) assert.ok(ok.content?.[route.produces]?.schema, `${route.method} ${route.url} answers ${route.produces}`);
      else if (route.status !== 204 && !isFile)
        assert.ok(ok.content?.['application/json']?.schema, `${route.method} ${route.url} answer schema`);
      if (route.auth === 'none') assert.deepEqual(op.security, [], `${route.url} is open`);
      else assert.equal(op.security, undefined, `${route.url} takes the document's security`);
    }
    assert.deepEqual(doc.servers, [{ url: '/' }]);
    assert.deepEqual(doc.security, [{ session: [] }, { bearer: [] }]);
    const conversation = doc.paths['/api/v1/conversations/{id}'].get.responses['200'].content['application/json'].schema;
    assert.equal(conversation.$ref, '#/components/schemas/Conversation');
    assert.ok(doc.components.schemas.Conversation.properties.abilities, 'shared shapes are components');
  });

  test('the document is valid OpenAPI 3.1 (what CI checks)', async () => {
    const { body: doc } = await s.anonymous().get('/api/v1/openapi.json');
    const result = await new Validator().validate(doc);
    assert.deepEqual(result.errors ?? [], []);
    assert.equal(result.valid, true);
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
