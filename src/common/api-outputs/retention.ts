/** The answer about an inbox's retention (the interface in `retention-api.ts` is checked against this). */
import { z } from 'zod';
import type * as R from '../retention-api.js';
import { named, obj, same } from './shared.js';

export const RetentionOut = named('InboxRetention', obj({ days: z.number().int().nullable() }));

same<R.RetentionOut, z.output<typeof RetentionOut>>(true);
