/** The vocabulary and field checks every API shape shares (the concerns' files build on them; `api.ts` re-exports the vocabulary). */
import { z } from 'zod';

export const roles = ['super_admin', 'admin', 'agent'] as const;
export const channelKinds = ['api', 'email', 'chat', 'messenger', 'form'] as const;
export const folders = ['inbox', 'filtered', 'spam', 'trash'] as const;
export const viewNames = ['all', 'mine', 'unassigned', 'email', 'chat', 'messenger', 'forms', 'bots', 'filtered', 'spam', 'trash'] as const;
export const locales = ['en', 'nl', 'sv'] as const;

export type Role = (typeof roles)[number];
export type ChannelKind = (typeof channelKinds)[number];
export type Folder = (typeof folders)[number];
export type ViewName = (typeof viewNames)[number];

export const id = z.string().min(1).max(64);
export const email = z.string().trim().toLowerCase().email().max(320);
/** Avatar and meeting links end up in `src`/`href` (the app, the widget): only http(s), never `javascript:` or `data:`. */
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);
export const optionalUrl = z.union([httpUrl, z.literal(''), z.null()], { error: 'must be an http(s) URL' });
/** A message's text. */
export const body = z.string().trim().min(1, 'must not be empty').max(100_000);

/** A keyset page of any list: `nextCursor` (null at the end) fetches the next one. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
