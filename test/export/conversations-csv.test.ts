/** Conversations as CSV for spreadsheets: one inbox or all, a range of days, formulas kept as text. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { testServerPerSuite } from '../support/factory.js';

/** A small CSV reader (quoted cells with "" and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [[]];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      rows[rows.length - 1]!.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      rows[rows.length - 1]!.push(cell);
      cell = '';
      rows.push([]);
      i++;
    } else cell += ch;
  }
  return rows.filter((r) => r.length > 1);
}

for (const engine of engines) {
  describe(`conversations CSV (${engine})`, await engineSuite(engine), () => {
    const t = testServerPerSuite(engine);

    test("an admin downloads one inbox's conversations; a formula-like name stays text", async () => {
      const inbox = await t.f.inbox();
      const other = await t.f.inbox();
      const made = await t.s.adminClient.post(`/api/v1/inboxes/${inbox.id}/conversations`, {
        contact: { email: `c${t.f.uniq()}@example.com`, name: '=HYPERLINK("http://x.example","a, b")' },
        body: 'first',
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const c1 = made.body as { id: string };
      const c2 = await t.f.conversation({ inboxId: inbox.id, body: 'second' });
      await t.f.conversation({ inboxId: other.id });
      const r = await t.s.adminClient.get(`/api/v1/export/conversations.csv?inboxId=${inbox.id}`);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type')!, /^text\/csv; charset=utf-8/);
      assert.match(r.headers.get('content-disposition')!, /attachment; filename="conversations-[a-z0-9-]+\.csv"/);
      const raw = await fetch(`${t.s.url}/api/v1/export/conversations.csv?inboxId=${inbox.id}`, {
        headers: { cookie: t.s.adminClient.cookie },
      });
      const bytes = Buffer.from(await raw.arrayBuffer());
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte order mark for spreadsheets');
      const rows = parseCsv(bytes.subarray(3).toString('utf8'));
      assert.equal(rows[0]![0], 'id');
      assert.deepEqual(
        rows.slice(1).map((x) => x[0]),
        [c1.id, c2.id],
      );
      assert.equal(rows[1]![rows[0]!.indexOf('contact_name')], `'=HYPERLINK("http://x.example","a, b")`);
    });

    test('a range of days: only conversations created then', async () => {
      const inbox = await t.f.inbox();
      await t.f.conversation({ inboxId: inbox.id });
      const today = new Date().toISOString().slice(0, 10);
      const inRange = await t.s.adminClient.get(`/api/v1/export/conversations.csv?inboxId=${inbox.id}&from=${today}&to=${today}`);
      assert.equal(parseCsv(inRange.body as string).length, 2);
      const before = await t.s.adminClient.get(`/api/v1/export/conversations.csv?inboxId=${inbox.id}&to=2001-01-01`);
      assert.equal(parseCsv(before.body as string).length, 1, 'only the header');
      const bad = await t.s.adminClient.get(`/api/v1/export/conversations.csv?from=2024-02-30x`);
      assert.equal(bad.status, 400);
      const backwards = await t.s.adminClient.get(`/api/v1/export/conversations.csv?from=2024-03-02&to=2024-03-01`);
      assert.equal(backwards.status, 400);
    });

    test('an agent gets not found', async () => {
      const agent = await t.f.user();
      assert.equal((await agent.client.get('/api/v1/export/conversations.csv')).status, 404);
    });
  });
}
