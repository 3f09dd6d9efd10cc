import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { isDataException, isUniqueViolation } from '../db/database.js';
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
 * The words shown under a field. zod's defaults read like a type checker ("Too small: expected
 * string to have >=1 characters"); the common cases get a sentence a person would write. Messages
 * a schema sets itself are kept.
 */
function fieldMessage(i: ZodError['issues'][number]): string {
  const n = i as { origin?: string; minimum?: number | bigint; maximum?: number | bigint };
  if (i.code === 'invalid_type' && /received undefined$/.test(i.message)) return 'is required';
  if (i.code === 'too_small' && n.origin === 'string')
    return Number(n.minimum) <= 1 ? 'must not be empty' : `must be at least ${n.minimum} characters`;
  if (i.code === 'too_big' && n.origin === 'string') return `must be at most ${n.maximum} characters`;
  if (i.code === 'too_small' && n.origin === 'array')
    return Number(n.minimum) <= 1 ? 'must not be empty' : `must have at least ${n.minimum} items`;
  if (i.code === 'too_big' && n.origin === 'array') return `must have at most ${n.maximum} items`;
  return i.message;
}

export function zodFields(err: ZodError, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of err.issues) {
    const key = [prefix, ...i.path.map(String)].filter(Boolean).join('.') || prefix || 'body';
    out[key] ??= fieldMessage(i);
  }
  return out;
}

/** One error shape for every route: `{ error, message, fields? }`. */
export function sendError(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof DomainError) {
    return reply.status(statusOf[err.code]).send({ error: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) });
  }
  if (err instanceof ZodError) {
    const fields = zodFields(err);
    return reply.status(400).send({
      error: 'invalid',
      message: Object.entries(fields)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; '),
      fields,
    });
  }
  // A concurrent request made the same thing first (e.g. two teams with one name).
  if (isUniqueViolation(err)) return reply.status(409).send({ error: 'conflict', message: 'That already exists' });
  // A value the database itself refused (its schema let it through): the client's input, logged to be fixed at the schema.
  if (isDataException(err)) {
    req.log.warn({ err }, 'the database refused a value of the request');
    return reply.status(400).send({
      error: 'invalid',
      message: 'A value of the request cannot be stored',
      fields: { body: 'A value of the request cannot be stored' },
    });
  }
  const fe = err as FastifyError;
  if (fe.statusCode === 429) return reply.status(429).send({ error: 'rate_limited', message: 'Too many requests; try again later' });
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return reply.status(fe.statusCode).send({ error: 'invalid', message: fe.message, fields: { body: fe.message } });
  }
  req.log.error(err);
  return reply.status(500).send({ error: 'internal', message: 'Something went wrong on the server' });
}
