/**
 * Retention per inbox (issue 20): an admin sets how many days closed conversations are kept
 * (`inboxes.retention_days`, null: forever, the default); the daily `retention` job
 * (`jobs/retention.ts`) deletes those closed longer ago, a page per transaction, with their messages,
 * files, search documents and report facts, keeping the inbox's counts true in the same commit.
 */
import type { RetentionOut } from '../../common/retention-api.js';
import { forUpdate } from '../db/locks.js';
import { removeSearchDocs } from '../db/search.js';
import { removeFile } from '../files/store.js';
import { authorizeAdmin, authorizeInbox, type Actor } from '../permissions/policy.js';
import { write, type Ctx } from './context.js';
import { adjustCounts } from './counts.js';
import { notFound } from './errors.js';

/** Conversations deleted per transaction: a page of bounded work (the single SQLite writer is not held long). */
export const RETENTION_PAGE = 100;

export async function getRetention(ctx: Ctx, actor: Actor, inboxId: string): Promise<RetentionOut> {
  authorizeInbox(actor, inboxId, 'read');
  const row = await ctx.db.kysely.selectFrom('inboxes').select('retention_days').where('id', '=', inboxId).executeTakeFirst();
  if (!row) throw notFound('Inbox not found');
  return { days: row.retention_days ?? null };
}

/** Admins: sets the inbox's retention (null: keep forever); said on the stream as `inbox.updated`. */
export async function setRetention(ctx: Ctx, actor: Actor, inboxId: string, days: number | null): Promise<RetentionOut> {
  authorizeInbox(actor, inboxId, 'read');
  authorizeAdmin(actor);
  await write(ctx, async (w) => {
    const r = await w.trx.updateTable('inboxes').set({ retention_days: days }).where('id', '=', inboxId).executeTakeFirst();
    if (!Number(r.numUpdatedRows)) throw notFound('Inbox not found');
    w.emit({ type: 'inbox.updated', inboxId, payload: { inboxId, retentionDays: days } });
  });
  return { days };
}

/** Deletes, in every inbox with a retention, the conversations closed before its cut-off; the number deleted per inbox. */
export async function applyRetention(ctx: Ctx, now: Date, page = RETENTION_PAGE): Promise<Record<string, number>> {
  const inboxes = await ctx.db.kysely
    .selectFrom('inboxes')
    .select(['id', 'retention_days'])
    .where('retention_days', 'is not', null)
    .execute();
  const out: Record<string, number> = {};
  for (const inbox of inboxes) {
    const before = new Date(now.getTime() - inbox.retention_days! * 86_400_000).toISOString();
    let total = 0;
    for (;;) {
      const { deleted, files } = await deletePage(ctx, inbox.id, before, page);
      for (const f of files) removeFile(ctx.mail.filesDir, f);
      total += deleted;
      if (deleted < page) break;
      // Let requests in between pages.
      await new Promise((r) => setImmediate(r));
    }
    out[inbox.id] = total;
  }
  return out;
}

/** One page in one transaction: the oldest closed conversations past the cut-off, read and deleted under the same lock. */
async function deletePage(ctx: Ctx, inboxId: string, before: string, page: number): Promise<{ deleted: number; files: string[] }> {
  return write(ctx, async (w) => {
    const t = w.trx;
    // Locked (PostgreSQL): one reopened meanwhile is read again, no longer matches and stays; the counts move from what is deleted.
    const convs = await forUpdate(
      ctx.db.engine,
      t
        .selectFrom('conversations')
        .selectAll()
        .where('inbox_id', '=', inboxId)
        .where('status', '=', 'closed')
        .where('closed_at', '<', before)
        .orderBy('closed_at')
        .orderBy('id')
        .limit(page),
    ).execute();
    if (!convs.length) return { deleted: 0, files: [] };
    const ids = convs.map((c) => c.id);
    const files = await t
      .selectFrom('attachments')
      .innerJoin('messages', 'messages.id', 'attachments.message_id')
      .select('attachments.storage_path')
      .where('messages.conversation_id', 'in', ids)
      .execute();
    await removeSearchDocs(ctx.db, t, { conversationIds: ids });
    // Messages, attachments' rows, reads, participants, report facts and the rest go with them (on delete cascade).
    await t.deleteFrom('conversations').where('id', 'in', ids).execute();
    for (const c of convs) {
      adjustCounts(w, c, null);
      w.emit({ type: 'conversation.deleted', inboxId, conversationId: c.id, payload: { conversationId: c.id, retention: true } });
    }
    return { deleted: convs.length, files: files.map((f) => f.storage_path) };
  });
}
