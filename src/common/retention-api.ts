/** An inbox's retention (issue 20): conversations closed more than `days` days ago are deleted daily; null: kept (the default). */
import { z } from 'zod';

export const MAX_RETENTION_DAYS = 36_500;

export const RetentionPut = z.object({ days: z.number().int().min(1).max(MAX_RETENTION_DAYS).nullable() });

export interface RetentionOut {
  days: number | null;
}
