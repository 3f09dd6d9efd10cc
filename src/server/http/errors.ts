import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { isDataException, isUniqueViolation } from '../db/database.js';
import type { FieldError } from '../../common/field-errors.js';
import type { RefusalReason } from '../../common/refusals.js';
import { DomainError, type ErrorCode } from '../domain/errors.js';

const statusOf: Record<ErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
};

/**
 * The words shown under a field, and their code for the app. zod's defaults read like a type checker ("Too
 * small: expected string to have >=1 characters"); the common cases get a sentence a person would write and a
 * code with its numbers. Messages a schema sets itself are kept (code `invalid`, the app shows the text).
 */
function fieldMessage(i: ZodError['issues'][number]): { message: string; error: FieldError } {
  const n = i as { origin?: string; minimum?: number | bigint; maximum?: number | bigint; format?: string };
  const min = Number(n.minimum);
  const max = Number(n.maximum);
  const ours = (message: string, code: FieldError['code'], params?: FieldError['params']) => ({
    message,
    error: params ? { code, params } : { code },
  });
  if (i.code === 'invalid_type' && /received undefined$/.test(i.message)) return ours('is required', 'required');
  if (i.code === 'too_small' && n.origin === 'string')
    return min <= 1 ? ours('must not be empty', 'empty') : ours(`must be at least ${min} characters`, 'too_short', { min });
  if (i.code === 'too_big' && n.origin === 'string') return ours(`must be at most ${max} characters`, 'too_long', { max });
  if (i.code === 'too_small' && n.origin === 'array')
    return min <= 1 ? ours('must not be empty', 'empty') : ours(`must have at least ${min} items`, 'too_few', { min });
  if (i.code === 'too_big' && n.origin === 'array') return ours(`must have at most ${max} items`, 'too_many', { max });
  if (i.code === 'too_small' && n.origin === 'number') return { message: i.message, error: { code: 'too_small', params: { min } } };
  if (i.code === 'too_big' && n.origin === 'number') return { message: i.message, error: { code: 'too_big', params: { max } } };
  if (i.code === 'invalid_format' && n.format === 'email') return { message: i.message, error: { code: 'invalid_email' } };
  if (i.code === 'invalid_value') return { message: i.message, error: { code: 'invalid_choice' } };
  if (i.code === 'invalid_type') return { message: i.message, error: { code: 'invalid_type' } };
  return { message: i.message, error: { code: 'invalid' } };
}

/** Field path -> English message and field path -> code, for each field zod refused (its first issue). */
export function zodFieldErrors(err: ZodError, prefix = ''): { fields: Record<string, string>; fieldErrors: Record<string, FieldError> } {
  const fields: Record<string, string> = {};
  const fieldErrors: Record<string, FieldError> = {};
  for (const i of err.issues) {
    const key = [prefix, ...i.path.map(String)].filter(Boolean).join('.') || prefix || 'body';
    if (key in fields) continue;
    const f = fieldMessage(i);
    fields[key] = f.message;
    fieldErrors[key] = f.error;
  }
  return { fields, fieldErrors };
}

/** Each field's code: the one the domain gave, else `invalid` (the app then shows the English text). */
const codesOf = (fields: Record<string, string>, given?: Record<string, FieldError>): Record<string, FieldError> =>
  Object.fromEntries(Object.keys(fields).map((k) => [k, given?.[k] ?? { code: 'invalid' as const }]));

/** One error shape for every route: `{ error, reason?, params?, message, fields?, fieldErrors? }`. */
export function sendError(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof DomainError) {
    return reply.status(statusOf[err.code]).send({
      error: err.code,
      ...(err.refusal ?? {}),
      message: err.message,
      ...(err.fields ? { fields: err.fields, fieldErrors: codesOf(err.fields, err.fieldErrors) } : {}),
    });
  }
  if (err instanceof ZodError) {
    const { fields, fieldErrors } = zodFieldErrors(err);
    return reply.status(400).send({
      error: 'invalid',
      message: Object.entries(fields)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; '),
      fields,
      fieldErrors,
    });
  }
  // A concurrent request made the same thing first (e.g. two teams with one name).
  if (isUniqueViolation(err))
    return reply.status(409).send({ error: 'conflict', reason: 'already_exists' satisfies RefusalReason, message: 'That already exists' });
  // A value the database itself refused (its schema let it through): the client's input, logged to be fixed at the schema.
  if (isDataException(err)) {
    req.log.warn({ err }, 'the database refused a value of the request');
    return reply.status(400).send({
      error: 'invalid',
      message: 'A value of the request cannot be stored',
      fields: { body: 'A value of the request cannot be stored' },
      fieldErrors: { body: { code: 'unstorable' } },
    });
  }
  const fe = err as FastifyError;
  if (fe.statusCode === 429) return reply.status(429).send({ error: 'rate_limited', message: 'Too many requests; try again later' });
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return reply
      .status(fe.statusCode)
      .send({ error: 'invalid', message: fe.message, fields: { body: fe.message }, fieldErrors: { body: { code: 'invalid' } } });
  }
  req.log.error(err);
  return reply.status(500).send({ error: 'internal', message: 'Something went wrong on the server' });
}
