import type { IncomingMessage } from 'node:http';
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

/** What a refused body may still send, and for how long, to be read and thrown away so its sender reads the answer. */
const DRAIN_BYTES = 16 * 1024 * 1024;
const DRAIN_MS = 10_000;

/**
 * Reads the rest of a refused request's body and throws it away, up to 16 MB and 10 s: a client
 * still sending when the answer comes and the connection closes may never read the answer (a
 * browser shows "connection reset"; Node 24's fetch fails). True when the body ended, so the
 * connection can stay open; false when it was too much or too slow (close it).
 */
export function drainBody(req: IncomingMessage): Promise<boolean> {
  if (req.readableEnded) return Promise.resolve(true);
  return new Promise((resolve) => {
    let seen = 0;
    const done = (ended: boolean) => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onError);
      if (!ended) req.pause();
      resolve(ended);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > DRAIN_BYTES) done(false);
    };
    const onEnd = () => done(true);
    const onError = () => done(false);
    const timer = setTimeout(() => done(false), DRAIN_MS);
    // An error, or the connection gone before the end: nothing more to read.
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onError);
    req.resume();
  });
}
