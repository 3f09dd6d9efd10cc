/** Answers about an inbox's business hours (the interface in `business-hours.ts` is checked against this). */
import { z } from 'zod';
import type * as B from '../business-hours.js';
import { BusinessHours } from '../business-hours.js';
import { named, obj, same } from './shared.js';

export const BusinessHoursOut = named('InboxBusinessHours', obj({ hours: BusinessHours.nullable() }));

same<B.BusinessHoursOut, z.output<typeof BusinessHoursOut>>(true);
