/**
 * What is held about one contact (a GDPR access request, `GET /api/v1/contacts/:id/export`): the
 * record with its properties and company, notes, tasks, calls, deals and tickets, and the messages
 * they wrote and received (their own conversations' incoming mail and replies; elsewhere only what
 * they wrote), with the names of their files. Read a page at a time and written as it is read (JSON,
 * or a self-contained HTML page: escaped, message HTML through the sanitiser, no scripts), so a long
 * history never sits in memory whole. Admins only (`authorizeContactPrivacy`).
 */
import type { Db } from '../db/database.js';
import { authorizeContactPrivacy, type Actor } from '../permissions/policy.js';
import type { Ctx } from './context.js';
import { presentContact } from './contacts.js';
import { notFound } from './errors.js';
import { contactExportHtml, contactExportJson } from './contact-export-render.js';

const PAGE = 200;

export interface ExportMessage {
  id: string;
  kind: 'incoming' | 'reply';
  at: string;
  /** Who wrote it: the contact's name or address, or the team member's name. */
  from: string | null;
  text: string;
  html: string | null;
  attachments: { filename: string; contentType: string; size: number }[];
}

export interface ExportConversation {
  id: string;
  inbox: string;
  channel: string;
  subject: string | null;
  status: string;
  createdAt: string;
}

/** The parts of an export, in the order they are written. */
export interface ExportHead {
  exportedAt: string;
  contact: ReturnType<typeof presentContact>;
  activities: { kind: string; body: string; dueAt: string | null; done: boolean; createdAt: string }[];
  deals: { name: string; amountCents: number; stage: string; createdAt: string }[];
  tickets: { title: string; stage: string; createdAt: string }[];
}

export interface ExportSource {
  head: ExportHead;
  /** Each conversation with its messages read a page at a time. */
  conversations(): AsyncGenerator<{ conversation: ExportConversation; messages: AsyncGenerator<ExportMessage[]> }>;
}

export async function exportContact(
  ctx: Ctx,
  actor: Actor,
  id: string,
  format: 'json' | 'html',
): Promise<{ filename: string; contentType: string; body: AsyncGenerator<string> }> {
  authorizeContactPrivacy(actor);
  const source = await exportSource(ctx.db.kysely, id, ctx.clock?.() ?? new Date());
  const base = `contact-${id}`;
  return format === 'html'
    ? { filename: `${base}.html`, contentType: 'text/html; charset=utf-8', body: contactExportHtml(source) }
    : { filename: `${base}.json`, contentType: 'application/json; charset=utf-8', body: contactExportJson(source) };
}

async function exportSource(db: Db, id: string, now: Date): Promise<ExportSource> {
  const c = await db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw notFound('Contact not found');
  const activities = await db.selectFrom('contact_activities').selectAll().where('contact_id', '=', id).orderBy('created_at').execute();
  const deals = await db.selectFrom('deals').selectAll().where('contact_id', '=', id).orderBy('created_at').execute();
  const tickets = await db
    .selectFrom('tickets as t')
    .innerJoin('pipeline_stages as s', 's.id', 't.stage_id')
    .select(['t.title', 's.name as stage', 't.created_at'])
    .where('t.contact_id', '=', id)
    .orderBy('t.created_at')
    .execute();
  const head: ExportHead = {
    exportedAt: now.toISOString(),
    contact: presentContact(c),
    activities: activities
      .filter((a) => a.kind !== 'merge' && a.kind !== 'change')
      .map((a) => ({ kind: a.kind, body: a.body, dueAt: a.due_at, done: a.done === 1, createdAt: a.created_at })),
    deals: deals.map((d) => ({ name: d.name, amountCents: Number(d.amount_cents), stage: d.stage, createdAt: d.created_at })),
    tickets: tickets.map((t) => ({ title: t.title, stage: t.stage, createdAt: t.created_at })),
  };
  const label = c.name ?? c.email;

  async function* conversations() {
    let after: [string, string] | null = null;
    for (;;) {
      let q = db
        .selectFrom('conversations as c')
        .innerJoin('inboxes as i', 'i.id', 'c.inbox_id')
        .select(['c.id', 'c.contact_id', 'c.created_at', 'c.subject', 'c.status', 'c.channel_kind', 'i.name as inbox'])
        .where((eb) =>
          eb.or([
            eb('c.contact_id', '=', id),
            eb('c.id', 'in', eb.selectFrom('messages').select('conversation_id').where('author_contact_id', '=', id)),
          ]),
        )
        .orderBy('c.created_at')
        .orderBy('c.id')
        .limit(PAGE);
      if (after) {
        const [at, cid] = after;
        q = q.where((eb) => eb.or([eb('c.created_at', '>', at), eb.and([eb('c.created_at', '=', at), eb('c.id', '>', cid)])]));
      }
      const rows = await q.execute();
      for (const r of rows) {
        yield {
          conversation: {
            id: r.id,
            inbox: r.inbox,
            channel: r.channel_kind,
            subject: r.subject,
            status: r.status,
            createdAt: r.created_at,
          },
          messages: messagesOf(r.id, r.contact_id === id),
        };
      }
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1]!;
      after = [last.created_at, last.id];
    }
  }

  async function* messagesOf(conversationId: string, theirs: boolean): AsyncGenerator<ExportMessage[]> {
    let after: [string, string] | null = null;
    for (;;) {
      let q = db
        .selectFrom('messages as m')
        .leftJoin('users as u', 'u.id', 'm.author_user_id')
        .select(['m.id', 'm.kind', 'm.created_at', 'm.text', 'm.html', 'm.author_contact_id', 'm.author_bot', 'u.name as user_name'])
        .where('m.conversation_id', '=', conversationId)
        .orderBy('m.created_at')
        .orderBy('m.id')
        .limit(PAGE);
      q = theirs ? q.where('m.kind', 'in', ['incoming', 'reply']) : q.where('m.author_contact_id', '=', id);
      if (after) {
        const [at, mid] = after;
        q = q.where((eb) => eb.or([eb('m.created_at', '>', at), eb.and([eb('m.created_at', '=', at), eb('m.id', '>', mid)])]));
      }
      const rows = await q.execute();
      if (!rows.length) return;
      const files = await db
        .selectFrom('attachments')
        .select(['message_id', 'filename', 'content_type', 'size'])
        .where(
          'message_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('id')
        .execute();
      yield rows.map((r) => ({
        id: r.id,
        kind: r.kind as 'incoming' | 'reply',
        at: r.created_at,
        from: r.kind === 'incoming' ? (r.author_contact_id === id ? label : null) : (r.user_name ?? r.author_bot ?? null),
        text: r.text,
        html: r.html,
        attachments: files
          .filter((f) => f.message_id === r.id)
          .map((f) => ({ filename: f.filename, contentType: f.content_type, size: Number(f.size) })),
      }));
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1]!;
      after = [last.created_at, last.id];
    }
  }

  return { head, conversations };
}
