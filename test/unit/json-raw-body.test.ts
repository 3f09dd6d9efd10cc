/**
 * The JSON parser keeps a body's bytes as received only for a route declared with `keepRawBody`
 * (the Messenger webhook, whose signature is over them); every other JSON request is parsed and its
 * bytes let go.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { jsonDepthParser } from '../../src/server/http/json-depth.js';

const parser = jsonDepthParser((_req, text, done) => done(null, JSON.parse(text)));

function parse(config: Record<string, unknown> | undefined, raw: Buffer) {
  const req = { routeOptions: { config } } as unknown as FastifyRequest;
  let parsed: unknown;
  parser(req, raw, (err, body) => {
    assert.equal(err, null);
    parsed = body;
  });
  return { parsed, rawBody: req.rawBody };
}

test('the raw body is kept where the route asks for it, and nowhere else', () => {
  const raw = Buffer.from('{ "object" : "page",\n "entry": [] }');
  const cases: [Record<string, unknown> | undefined, boolean][] = [
    [{ keepRawBody: true }, true],
    [{ keepRawBody: true, rateLimit: { max: 5, timeWindow: '1 minute' } }, true],
    [{}, false],
    [{ rateLimit: { max: 5, timeWindow: '1 minute' } }, false],
    [{ keepRawBody: false }, false],
    [undefined, false],
  ];
  for (const [config, kept] of cases) {
    const r = parse(config, raw);
    assert.deepEqual(r.parsed, { object: 'page', entry: [] }, JSON.stringify(config));
    if (kept) assert.equal(r.rawBody?.toString(), raw.toString(), 'the bytes exactly as sent');
    else assert.equal(r.rawBody, undefined, JSON.stringify(config));
  }
});
