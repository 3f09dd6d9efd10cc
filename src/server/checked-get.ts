/**
 * A file downloaded from an address someone else gave us (a Messenger attachment, a profile
 * picture): every hop's host resolved and checked like a webhook target (loopback, private,
 * link-local … refused unless private targets are allowed), the request pinned to the checked
 * address, at most a few redirects (each checked again), the size and the total time bounded.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { isPublicAddress } from './public-address.js';
import { pinnedLookup, resolveTarget, WebhookTargetError } from './webhook-target.js';

export const MAX_REDIRECTS = 3;

export type CheckedGetFailure = 'private' | 'not_found' | 'bad_url' | 'too_many_redirects' | 'too_large' | 'http_error' | 'unreachable';

export type CheckedGet =
  | { ok: true; data: Buffer; contentType: string | null; url: string }
  | { ok: false; reason: CheckedGetFailure; error: string; permanent: boolean };

export interface CheckedGetOptions {
  /** `true`: any address (ALLOW_PRIVATE_WEBHOOKS, tests); `false`: public ones only; or a judge of each address. */
  allowPrivate: boolean | ((address: string) => boolean);
  maxBytes: number;
  /** For all hops together. */
  timeoutMs: number;
  maxRedirects?: number;
}

const fail = (reason: CheckedGetFailure, error: string, permanent = true): CheckedGet => ({ ok: false, reason, error, permanent });

interface Hop {
  status: number;
  location: string | null;
  contentType: string | null;
  data: Buffer | null;
  tooLarge: boolean;
}

function getOnce(url: URL, target: { address: string; family: 4 | 6 }, maxBytes: number, signal: AbortSignal): Promise<Hop> {
  const request = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        headers: { 'user-agent': 'Switchboard/1', accept: '*/*' },
        lookup: pinnedLookup(target),
        signal,
        ...(net.isIP(url.hostname) ? {} : { servername: url.hostname }),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const header = (name: string) => [res.headers[name]].flat()[0] ?? null;
        const base = { status, location: header('location'), contentType: header('content-type') };
        if (status < 200 || status >= 300) {
          res.resume();
          return resolve({ ...base, data: null, tooLarge: false });
        }
        if (Number(header('content-length') ?? NaN) > maxBytes) {
          res.destroy();
          return resolve({ ...base, data: null, tooLarge: true });
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            res.destroy();
            resolve({ ...base, data: null, tooLarge: true });
          } else chunks.push(chunk);
        });
        res.on('end', () => resolve({ ...base, data: Buffer.concat(chunks), tooLarge: false }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** GETs `url` as described above; never throws. */
export async function checkedGet(url: string, o: CheckedGetOptions): Promise<CheckedGet> {
  const allowed = typeof o.allowPrivate === 'function' ? o.allowPrivate : o.allowPrivate ? () => true : isPublicAddress;
  const maxRedirects = o.maxRedirects ?? MAX_REDIRECTS;
  const signal = AbortSignal.timeout(o.timeoutMs);
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    return fail('bad_url', 'not a URL');
  }
  for (let hop = 0; ; hop++) {
    if (current.protocol !== 'https:' && current.protocol !== 'http:')
      return fail('bad_url', `${current.protocol} addresses are not fetched`);
    let target: { address: string; family: 4 | 6 };
    try {
      target = await resolveTarget(current.href, allowed);
    } catch (err) {
      if (err instanceof WebhookTargetError)
        return err.kind === 'private' ? fail('private', err.message) : fail('not_found', err.message, false);
      return fail('unreachable', (err as Error).message, false);
    }
    let got: Hop;
    try {
      got = await getOnce(current, target, o.maxBytes, signal);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
      return fail(
        'unreachable',
        timedOut ? `no answer within ${o.timeoutMs / 1000} s` : `could not connect (${e.code ?? e.message})`,
        false,
      );
    }
    if (got.tooLarge) return fail('too_large', `the file is larger than ${o.maxBytes} bytes`);
    if (got.status >= 300 && got.status < 400 && got.location) {
      if (hop >= maxRedirects) return fail('too_many_redirects', `more than ${maxRedirects} redirects`);
      try {
        current = new URL(got.location, current);
      } catch {
        return fail('bad_url', 'a redirect to something that is not a URL');
      }
      continue;
    }
    if (!got.data)
      return fail('http_error', `the file's address answered HTTP ${got.status}`, got.status >= 500 || got.status === 429 ? false : true);
    return { ok: true, data: got.data, contentType: got.contentType, url: current.href };
  }
}
