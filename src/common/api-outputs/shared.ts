/** Building blocks of the answer schemas: strict objects (an answer with a key the schema lacks fails), pages, a type check. */
import { z } from 'zod';

/** The named answer shapes, `components.schemas` in the OpenAPI document (`$ref`s to them from every answer). */
export const namedOutputs = new Map<string, z.ZodType>();

/** Names a schema: a component of the document. */
export function named<T extends z.ZodType>(id: string, schema: T): T {
  if (namedOutputs.has(id)) throw new Error(`two answer schemas named ${id}`);
  namedOutputs.set(id, schema);
  return schema;
}

/** A strict object: the answer must hold exactly these keys. */
export const obj = z.strictObject;
/** A timestamp as the API answers it (ISO 8601). */
export const at = z.string();
export const nullableString = z.string().nullable();

/** A keyset page of any list: `nextCursor` (null at the end) fetches the next one. */
export const pageOf = <T extends z.ZodType>(item: T) => obj({ items: z.array(item), nextCursor: z.string().nullable() });

/** True when A and B are assignable both ways: `same<Interface, z.output<typeof Schema>>(true)` fails to compile if they drift. */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const same = <A, B>(ok: Same<A, B>) => ok;

/** Every error answer: `{ error, reason?, params?, message, fields?, fieldErrors? }` (`fields` names each bad input field). */
export const ErrorOut = named(
  'Error',
  z.object({
    error: z.string(),
    reason: z.string().optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
    fieldErrors: z.record(z.string(), z.object({ code: z.string() }).loose()).optional(),
  }),
);
