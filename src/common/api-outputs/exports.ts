/** Full exports' answers (the interface in `export-api.ts` is checked against this). */
import { z } from 'zod';
import type * as E from '../export-api.js';
import { at, named, nullableString, obj, same } from './shared.js';

export const ExportOut = named(
  'Export',
  obj({
    id: z.string(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    step: nullableString,
    stepDone: z.number().int(),
    stepsDone: z.number().int(),
    stepsTotal: z.number().int(),
    rows: z.number().int(),
    files: z.number().int(),
    bytes: z.number().int(),
    downloadable: z.boolean(),
    emailed: z.boolean(),
    error: nullableString,
    createdAt: at,
    finishedAt: at.nullable(),
    expiresAt: at.nullable(),
  }),
);

export const ExportList = named('ExportList', obj({ items: z.array(ExportOut) }));

same<E.ExportOut, z.output<typeof ExportOut>>(true);
