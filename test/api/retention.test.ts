/**
 * Privacy (issue 20): an inbox's retention. Off by default; admins set it; the daily job deletes
 * exactly the conversations of that inbox closed more than N days ago (not those closed since, not
 * open ones, not another inbox's), with their files and search documents, and the counts stay true.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import { applyRetention } from '../../src/server/domain/retention.js';
import { filePath, saveFile } from '../../src/server/files/store.js';
import { allJobs } from '../../src/server/jobs/all.js';
import { nextRetention, retentionJob } from '../../src/server/jobs/retention.js';
import { engines, engineSuite } from '../support/engines.js';
import { testServerPerSuite } from '../support/factory.js';
import type { TestServer } from '../support/server.js';

const setClock = (s: TestServer, iso: string) => (s.running.ctx.clock = () => new Date(iso));

for (const engine of engines) {
  describe(`retention on ${engine}`, await engineSuite(engine), () => {
    const t = testServerPerSuite(engine);

    test('admins set it (off by default); bad input changes nothing; agents may only read it', async () => {
      const { s, f } = t;
      const inbox = await f.inbox();
      const a = s.adminClient;
      assert.deepEqual((await a.get(`/api/v1/inboxes/${inbox.id}/retention`)).body, { days: null });
      assert.equal((await a.put(`/api/v1/inboxes/${inbox.id}/retention`, { days: 30 })).status, 200);
      for (const days of [0, -1, 1.5, 'x', 36_501]) {
        const r = await a.put(`/api/v1/inboxes/${inbox.id}/retention`, { days });
        assert.equal(r.status, 400, `days ${days}`);
      }
      const agent = await f.user();
      assert.deepEqual((await agent.client.get(`/api/v1/inboxes/${inbox.id}/retention`)).body, { days: 30 });
      assert.equal((await agent.client.put(`/api/v1/inboxes/${inbox.id}/retention`, { days: 1 })).status, 403);
      assert.deepEqual((await a.get(`/api/v1/inboxes/${inbox.id}/retention`)).body, { days: 30 });
      assert.equal((await a.put(`/api/v1/inboxes/${inbox.id}/retention`, { days: null })).status, 200);
      assert.deepEqual((await a.get(`/api/v1/inboxes/${inbox.id}/retention`)).body, { days: null });
      assert.equal(nextRetention(new Date('2026-03-02T03:29:00Z')).toISOString(), '2026-03-02T03:30:00.000Z');
      assert.equal(nextRetention(new Date('2026-03-02T03:30:00Z')).toISOString(), '2026-03-03T03:30:00.000Z');
    });

    test('the job deletes exactly the conversations closed more than N days ago in that inbox', async () => {
      const { s, f } = t;
      const a = s.adminClient;
      const u = f.uniq();
      const kept = await f.inbox();
      const other = await f.inbox();
      const start = async (inboxId: string, key: string, at: string) => {
        setClock(s, at);
        const r = await a.post(`/api/v1/inboxes/${inboxId}/conversations`, {
          contact: { email: `${key}${u}@example.org` },
          body: `word${key}${u}`,
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        return r.body.id as string;
      };
      const close = async (id: string, at: string) => {
        setClock(s, at);
        assert.equal((await a.patch(`/api/v1/conversations/${id}`, { status: 'closed' })).status, 200);
      };
      const ids = {
        old: await start(kept.id, 'old', '2026-01-01T10:00:00Z'),
        oldTrash: await start(kept.id, 'oldtrash', '2026-01-01T10:00:00Z'),
        recent: await start(kept.id, 'recent', '2026-01-01T10:00:00Z'),
        open: await start(kept.id, 'open', '2026-01-01T10:00:00Z'),
        reopened: await start(kept.id, 'reopened', '2026-01-01T10:00:00Z'),
        elsewhere: await start(other.id, 'elsewhere', '2026-01-01T10:00:00Z'),
      };
      await close(ids.old, '2026-01-05T10:00:00Z');
      await close(ids.oldTrash, '2026-01-05T10:00:00Z');
      assert.equal((await a.post(`/api/v1/conversations/${ids.oldTrash}/trash`)).status, 200);
      await close(ids.recent, '2026-02-20T10:00:00Z');
      await close(ids.reopened, '2026-01-05T10:00:00Z');
      setClock(s, '2026-01-06T10:00:00Z');
      assert.equal((await a.patch(`/api/v1/conversations/${ids.reopened}`, { status: 'open' })).status, 200);
      await close(ids.elsewhere, '2026-01-05T10:00:00Z');
      // A file of the old conversation.
      const db = s.running.ctx.db.kysely;
      const msg = await db.selectFrom('messages').select('id').where('conversation_id', '=', ids.old).executeTakeFirstOrThrow();
      const stored = saveFile(s.running.ctx.mail.filesDir, 'attachments', `ret-${u}`, Buffer.from('old file'));
      await db
        .insertInto('attachments')
        .values({
          id: `ret-${u}`,
          message_id: msg.id,
          filename: 'old.txt',
          content_type: 'text/plain',
          size: 8,
          storage_path: stored,
          content_id: null,
          created_at: '2026-01-01T10:00:00Z',
        })
        .execute();

      // Off by default: nothing goes.
      const now = new Date('2026-03-01T12:00:00Z');
      setClock(s, now.toISOString());
      await applyRetention(s.running.ctx, now);
      for (const id of Object.values(ids)) assert.equal((await a.get(`/api/v1/conversations/${id}`)).status, 200);

      // 30 days in one inbox: closed on 5 January goes (by 1 March), closed on 20 February stays; a page of one at a time.
      assert.equal((await a.put(`/api/v1/inboxes/${kept.id}/retention`, { days: 30 })).status, 200);
      const viewsBefore = (await a.get(`/api/v1/views?inboxId=${kept.id}`)).body;
      assert.equal(viewsBefore.trash, 1);
      const done = await applyRetention(s.running.ctx, now, 1);
      assert.equal(done[kept.id], 2);
      for (const [key, id] of Object.entries(ids))
        assert.equal(
          (await a.get(`/api/v1/conversations/${id}`)).status,
          key === 'old' || key === 'oldTrash' ? 404 : 200,
          `${key} ${key === 'old' || key === 'oldTrash' ? 'deleted' : 'kept'}`,
        );
      assert.equal(fs.existsSync(filePath(s.running.ctx.mail.filesDir, stored)), false, 'its file is removed');
      assert.equal((await a.get(`/api/v1/conversations?q=wordold${u}`)).body.items.length, 0, 'gone from search');
      assert.equal((await a.get(`/api/v1/conversations?q=wordrecent${u}`)).body.items.length, 1, 'the kept one is still found');

      // Counts: the stored counters equal a count of the conversations left.
      const views = (await a.get(`/api/v1/views?inboxId=${kept.id}`)).body;
      assert.equal(views.trash, 0);
      assert.deepEqual({ ...views, trash: 1 }, viewsBefore, 'only the deleted trash one changed a view');
      for (const inboxId of [kept.id, other.id]) {
        const stored = await db
          .selectFrom('conversation_counts')
          .select(['folder', 'status', 'n'])
          .where('inbox_id', '=', inboxId)
          .where('n', '>', 0)
          .execute();
        const actual = await db
          .selectFrom('conversations')
          .select(['folder', 'status', (eb) => eb.fn.countAll().as('n')])
          .where('inbox_id', '=', inboxId)
          .groupBy(['folder', 'status'])
          .execute();
        const key = (r: { folder: string; status: string; n: unknown }) => `${r.folder}/${r.status}/${Number(r.n)}`;
        const sum = (rows: { folder: string; status: string; n: unknown }[]) => {
          const m = new Map<string, number>();
          for (const r of rows) m.set(`${r.folder}/${r.status}`, (m.get(`${r.folder}/${r.status}`) ?? 0) + Number(r.n));
          return [...m].map(([k, n]) => key({ folder: k.split('/')[0]!, status: k.split('/')[1]!, n })).sort();
        };
        assert.deepEqual(sum(stored), sum(actual), 'counters match the conversations');
      }

      // Run again: nothing more to do.
      assert.equal((await applyRetention(s.running.ctx, now))[kept.id], 0);

      // The daily job, on the server's clock: the other inbox, once it has a retention too.
      assert.ok(allJobs.includes(retentionJob), 'the worker runs it');
      assert.equal((await a.put(`/api/v1/inboxes/${other.id}/retention`, { days: 30 })).status, 200);
      await retentionJob.handle(s.running.ctx, {});
      assert.equal((await a.get(`/api/v1/conversations/${ids.elsewhere}`)).status, 404);
      assert.equal((await a.get(`/api/v1/conversations/${ids.recent}`)).status, 200);
    });
  });
}
