/**
 * Conversations as CSV for spreadsheets (`GET /api/v1/export/conversations.csv`): one row per
 * conversation, optionally of one inbox and within dates, oldest first, a page at a time, UTF-8
 * with a byte order mark; a cell that a spreadsheet would take for a formula is quoted.
 */
import { z } from 'zod';
import type { Ctx } from '../domain/context.js';
import { invalid } from '../domain/errors.js';
import { authorizeExport, type Actor } from '../permissions/policy.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date: YYYY-MM-DD');
export const ConversationsCsvQuery = z.object({
  inboxId: z.string().min(1).max(64).optional(),
  /** The first day (UTC) whose new conversations are included. */
  from: day.optional(),
  /** The last day (UTC) included. */
  to: day.optional(),
});

const HEAD = [
  'id',
  'inbox',
  'channel',
  'status',
  'folder',
  'subject',
  'contact_name',
  'contact_email',
  'assignee',
  'team',
  'created_at',
  'last_message_at',
  'first_response_at',
  'closed_at',
];

/** A cell: quoted when it holds a separator, quote or line break; a leading =, +, -, @ or tab is kept from formulas. */
export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  const safe = typeof v === 'string' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function dayAfter(d: string): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Checks the request (admins only, a known inbox, a valid range) before the first byte, then yields the CSV in pieces. */
export async function conversationsCsv(
  ctx: Ctx,
  actor: Actor,
  q: z.infer<typeof ConversationsCsvQuery>,
): Promise<{ filename: string; rows: AsyncIterable<string> }> {
  authorizeExport(actor);
  const k = ctx.db.kysely;
  if (q.from && Number.isNaN(Date.parse(q.from))) throw invalid('from', 'is not a date', 'invalid');
  if (q.to && Number.isNaN(Date.parse(q.to))) throw invalid('to', 'is not a date', 'invalid');
  if (q.from && q.to && q.from > q.to) throw invalid('to', 'is before from', 'invalid');
  const inbox = q.inboxId ? await k.selectFrom('inboxes').select(['id', 'slug']).where('id', '=', q.inboxId).executeTakeFirst() : null;
  if (q.inboxId && !inbox) throw invalid('inboxId', 'is not an inbox', 'invalid');
  const filename = `conversations${inbox ? `-${inbox.slug}` : ''}${q.from ? `-from-${q.from}` : ''}${q.to ? `-to-${q.to}` : ''}.csv`;
  async function* rows(): AsyncIterable<string> {
    yield `\uFEFF${HEAD.join(',')}\r\n`;
    let after: [string, string] | null = null;
    for (;;) {
      let s = k
        .selectFrom('conversations as c')
        .innerJoin('inboxes as i', 'i.id', 'c.inbox_id')
        .leftJoin('contacts as ct', 'ct.id', 'c.contact_id')
        .leftJoin('users as u', 'u.id', 'c.assignee_id')
        .leftJoin('teams as t', 't.id', 'c.team_id')
        .select([
          'c.id',
          'i.name as inbox',
          'c.channel_kind',
          'c.status',
          'c.folder',
          'c.subject',
          'ct.name as contact_name',
          'ct.email as contact_email',
          'u.name as assignee',
          't.name as team',
          'c.created_at',
          'c.last_message_at',
          'c.first_response_at',
          'c.closed_at',
        ])
        .orderBy('c.created_at')
        .orderBy('c.id')
        .limit(500);
      if (q.inboxId) s = s.where('c.inbox_id', '=', q.inboxId);
      if (q.from) s = s.where('c.created_at', '>=', `${q.from}T00:00:00.000Z`);
      if (q.to) s = s.where('c.created_at', '<', `${dayAfter(q.to)}T00:00:00.000Z`);
      if (after) {
        const [at, id] = after;
        s = s.where((eb) => eb.or([eb('c.created_at', '>', at), eb.and([eb('c.created_at', '=', at), eb('c.id', '>', id)])]));
      }
      const page = await s.execute();
      if (!page.length) return;
      yield page.map((r) => Object.values(r).map(csvCell).join(',') + '\r\n').join('');
      const last = page[page.length - 1]!;
      after = [last.created_at, last.id];
    }
  }
  return { filename, rows: rows() };
}
