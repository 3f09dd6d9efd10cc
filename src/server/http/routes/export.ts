import { Readable } from 'node:stream';
import type { Ctx } from '../../domain/context.js';
import { conversationsCsv, ConversationsCsvQuery } from '../../export/conversations-csv.js';
import { route } from '../route.js';

/** `/api/v1/export/…`: the installation's data for spreadsheets (admins). */
export function exportRoutes(ctx: Ctx) {
  return [
    route({
      method: 'GET',
      url: '/api/v1/export/conversations.csv',
      operationId: 'exportConversationsCsv',
      summary:
        'Conversations as CSV (UTF-8 with a BOM), oldest first: every inbox or one (`inboxId`), created from `from` to `to` (days, UTC, both included); admins',
      tag: 'export',
      auth: 'user',
      produces: 'text/csv',
      query: ConversationsCsvQuery,
      handler: async ({ actor, query, reply }) => {
        const csv = await conversationsCsv(ctx, actor, query);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${csv.filename}"`)
          .send(Readable.from(csv.rows));
      },
    }),
  ];
}
