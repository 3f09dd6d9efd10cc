import { z } from 'zod';
import { invalid } from '../domain/errors.js';

/**
 * Keyset pagination of every list (conversations, a contact's conversations, messages, contacts):
 * the cursor codec and the page cut. Cursors are base64url JSON made by `encodeCursor`. A cursor
 * comes back from the client, so decoding checks it like any input: anything but what this list made (wrong JSON, types, a number beyond what
 * the database's integers hold, NUL characters, huge strings) is a 400 on `cursor`, never a
 * database error.
 */
const text = z
  .string()
  .max(100)
  .regex(/^[^\u0000]*$/);
export const keysetCursor = z.strictObject({ t: text, id: text });
export const searchCursor = z.strictObject({ s: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });

export function encodeCursor(c: z.infer<typeof keysetCursor> | z.infer<typeof searchCursor>): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor<T>(schema: z.ZodType<T>, s: string): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const r = schema.safeParse(value);
  if (!r.success) throw invalid('cursor', 'is not a cursor returned by this list', 'bad_cursor');
  return r.data;
}

/** A page from `limit + 1` rows: the first `limit`, and the cursor after the last one when there were more. */
export function pageOf<R>(rows: R[], limit: number, cursorOf: (last: R) => z.infer<typeof keysetCursor> | z.infer<typeof searchCursor>) {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items, nextCursor: more && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}
