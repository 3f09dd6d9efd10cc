import type { FastifyReply, FastifyRequest } from 'fastify';

/** JSON bodies of routes that anyone may call (login) stay small: nothing large is read before authentication. */
export const OPEN_ROUTE_BODY_LIMIT = 16 * 1024;
/** Every other JSON body; only the upload route (its own `bodyLimit`) takes more. */
export const BODY_LIMIT = 2 * 1024 * 1024;

/**
 * `onRequest` of a route open to anyone whose large `bodyLimit` is for multipart only (a form's files):
 * any other body over the small default, or of unknown length, is refused before it is read.
 */
export async function refuseLargeUnlessMultipart(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const multipart = /^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '');
  const len = Number(req.headers['content-length'] ?? 0);
  if (!multipart && (req.headers['transfer-encoding'] !== undefined || len > OPEN_ROUTE_BODY_LIMIT)) {
    reply.header('connection', 'close');
    return reply.status(413).send({ error: 'invalid', message: 'Request body is too large', fields: { body: 'is too large' } });
  }
}
