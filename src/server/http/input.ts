import { ZodError, type ZodType } from 'zod';

/**
 * Every input a client sends (REST params, query and body; agent stream frames; widget socket
 * frames) is parsed here and nowhere else: first refused if any string in it holds a NUL
 * character (no database stores those in text, and PostgreSQL fails the whole statement), then
 * checked by the zod schema. A refusal is a ZodError naming the field.
 */

/** The path of the first string (value or key) holding a NUL character, or null. Iterative: deep nesting cannot overflow the stack. */
export function nulPath(value: unknown, prefix: (string | number)[] = []): (string | number)[] | null {
  const todo: { v: unknown; path: (string | number)[] }[] = [{ v: value, path: prefix }];
  while (todo.length) {
    const { v, path } = todo.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return path;
    } else if (v && typeof v === 'object' && !Buffer.isBuffer(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (k.includes('\u0000')) return [...path, k.replaceAll('\u0000', '\\0')];
        todo.push({ v: x, path: [...path, k] });
      }
    }
  }
  return null;
}

/** Parses client input with `schema`; `prefix` is prepended to the paths of the issues (e.g. `params`). */
export function parseInput<T>(schema: ZodType<T>, value: unknown, prefix: (string | number)[] = []): T {
  const bad = nulPath(value, prefix);
  if (bad) throw new ZodError([{ code: 'custom', path: bad, message: 'must not contain NUL characters', input: undefined }]);
  const r = schema.safeParse(value);
  if (!r.success) throw new ZodError(r.error.issues.map((i) => ({ ...i, path: [...prefix, ...i.path] })));
  return r.data;
}

export type FrameResult<T> = { ok: true; frame: T } | { ok: false; message: string };

/** A socket frame: text, JSON, then parseInput. Binary frames and anything else answer a message for the client, never throw. */
export function parseFrame<T>(schema: ZodType<T>, raw: unknown, isBinary: boolean): FrameResult<T> {
  if (isBinary) return { ok: false, message: 'Binary frames are not accepted' };
  let value: unknown;
  try {
    const text = Buffer.isBuffer(raw)
      ? raw.toString('utf8')
      : Array.isArray(raw)
        ? Buffer.concat(raw as Buffer[]).toString('utf8')
        : Buffer.from(raw as ArrayBuffer).toString('utf8');
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'Frames must be JSON' };
  }
  try {
    return { ok: true, frame: parseInput(schema, value) };
  } catch (err) {
    if (err instanceof ZodError) {
      const i = err.issues[0];
      return { ok: false, message: i ? `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}` : 'Unknown message' };
    }
    return { ok: false, message: 'Unknown message' };
  }
}
