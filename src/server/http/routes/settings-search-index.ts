import type { Ctx } from '../../domain/context.js';
import { getSearchIndexStatus } from '../../domain/search-index.js';
import { route } from '../route.js';
import { SearchIndexStatus } from '../../../common/api-outputs/index.js';

/** The search index's state (admins; for anyone else this route does not exist). */
export function searchIndexRoutes(ctx: Ctx) {
  return [
    route({
      method: 'GET',
      url: '/api/v1/settings/search-index',
      operationId: 'getSearchIndexStatus',
      response: SearchIndexStatus,
      summary:
        'Whether the search index is being rebuilt (SQLite, after its file was lost; searches meanwhile may miss conversations) and how far: conversations indexed (`done`) of `total`',
      tag: 'settings',
      auth: 'user',
      handler: ({ actor }) => getSearchIndexStatus(ctx, actor),
    }),
  ];
}
