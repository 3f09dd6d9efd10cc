/** The search index's state, for admins: a rebuild's progress (the app shows it while it runs). */
import type { SearchIndexStatusOut } from '../../common/api.js';
import { authorizeInstallationSettings, type Actor } from '../permissions/policy.js';
import type { Ctx } from './context.js';

export async function getSearchIndexStatus(ctx: Ctx, actor: Actor): Promise<SearchIndexStatusOut> {
  authorizeInstallationSettings(actor);
  return ctx.db.searchIndexStatus();
}
