import type { FastifyRequest } from 'fastify';
import { invalid } from '../domain/errors.js';

/** Deeper than any body a client of ours sends; deep nesting only costs CPU and stack in the recursive code after parsing. */
export const MAX_JSON_DEPTH = 64;

/**
 * How deep the JSON text nests, stopping as soon as it passes `max`: one pass over the text,
 * brackets inside strings ignored. Malformed text is left to JSON.parse.
 */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return false;
}

type Done = (err: Error | null, body?: unknown) => void;

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON body's bytes as received, on routes declared with `keepRawBody` only (Messenger's `X-Hub-Signature-256`). */
    rawBody?: Buffer;
  }
  interface FastifyContextConfig {
    /** The route's `keepRawBody` (`route.ts`): the parser keeps the body's bytes as `req.rawBody`. */
    keepRawBody?: boolean;
  }
}

/** Fastify's own JSON parser (prototype-poisoning checks included), behind the depth check; the raw bytes kept only where the route asks. */
export function jsonDepthParser(parse: (req: FastifyRequest, body: string, done: Done) => void) {
  return (req: FastifyRequest, body: string | Buffer, done: Done) => {
    if (Buffer.isBuffer(body) && req.routeOptions.config?.keepRawBody === true) req.rawBody = body;
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (jsonDepthExceeds(text, MAX_JSON_DEPTH))
      return done(invalid('body', `must not nest deeper than ${MAX_JSON_DEPTH} levels`, 'too_deep', { max: MAX_JSON_DEPTH }));
    parse(req, text, done);
  };
}
