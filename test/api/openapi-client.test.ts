/**
 * A TypeScript client generated from the live OpenAPI document (openapi-typescript) accepts the real answers: each
 * answer, written as a literal, is assigned to the generated type of its operation and type-checked by tsc.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { Factory } from '../support/factory.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** Type-checks the files in `dir` (strict), answering tsc's diagnostics as text. */
function typeCheck(dir: string, files: string[]): string[] {
  const program = ts.createProgram(
    files.map((f) => path.join(dir, f)),
    {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: [],
    },
  );
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file ? path.basename(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('a generated API client', () => {
  let s: TestServer;
  let dir: string;
  before(async () => {
    s = await startTestServer();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-client-'));
  });
  after(async () => {
    await s?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('type-checks against the real answers of the API', async () => {
    const a = s.adminClient;
    const f = new Factory(s);
    const conversation = await f.conversation({ body: 'Where is my parcel?' });
    await f.message(conversation.id, { body: 'On its way' });
    await f.message(conversation.id, { body: 'Ask the courier', kind: 'comment' });
    const contactId = ((await a.get(`/api/v1/conversations/${conversation.id}`)).body.contact as { id: string }).id;
    await a.post(`/api/v1/conversations/${conversation.id}/tickets`, { title: 'Lost parcel' });

    const answers: Record<string, string> = {
      listConversations: '/api/v1/conversations',
      getConversation: `/api/v1/conversations/${conversation.id}`,
      listMessages: `/api/v1/conversations/${conversation.id}/messages`,
      getContact: `/api/v1/contacts/${contactId}`,
      getMe: '/api/v1/me',
      listInboxes: '/api/v1/inboxes',
      listTickets: '/api/v1/tickets',
      getViewCounts: '/api/v1/views',
    };
    const lines = [
      "import type { operations } from './api';",
      'type Answer<Op extends keyof operations> = operations[Op] extends { responses: { 200: { content: { "application/json": infer T } } } } ? T : never;',
    ];
    for (const [op, url] of Object.entries(answers)) {
      const r = await a.get(url);
      assert.equal(r.status, 200, `${url}: ${JSON.stringify(r.body)}`);
      lines.push(`export const ${op}: Answer<'${op}'> = ${JSON.stringify(r.body, null, 2)};`);
    }
    assert.ok(
      lines.some((l) => l.includes('Where is my parcel?')),
      'the answers hold the data',
    );
    // The check can fail: an answer without its fields, or with one the document does not name, is refused.
    lines.push("// @ts-expect-error a user has more than a name\nexport const notMe: Answer<'getMe'> = { name: 'Ana' };");

    const { body: doc } = await s.anonymous().get('/api/v1/openapi.json');
    fs.writeFileSync(path.join(dir, 'api.d.ts'), astToString(await openapiTS(doc)));
    fs.writeFileSync(path.join(dir, 'answers.ts'), lines.join('\n'));
    assert.deepEqual(typeCheck(dir, ['answers.ts']), []);
  });
});
