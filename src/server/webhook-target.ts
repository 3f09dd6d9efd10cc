/**
 * Where a webhook request may go: the URL's host is resolved and every address checked (loopback,
 * private, link-local … refused unless ALLOW_PRIVATE_WEBHOOKS=1), when saved and at every delivery;
 * the request then connects to the checked address, so DNS cannot answer differently in between.
 */
import dns from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import net, { type LookupFunction } from 'node:net';
import { isPublicAddress } from './public-address.js';

export class WebhookTargetError extends Error {
  constructor(readonly kind: 'private' | 'not-found') {
    super(kind === 'private' ? 'refused: a loopback, private or link-local address' : 'the host was not found');
  }
}

/** The address to connect to for `url`, checked; throws WebhookTargetError. */
export function resolveWebhookTarget(url: string, allowPrivate: boolean): Promise<{ address: string; family: 4 | 6 }> {
  return resolveTarget(url, allowPrivate ? () => true : isPublicAddress);
}

/** As `resolveWebhookTarget`, with every address the host resolves to judged by `allowed`. */
export async function resolveTarget(url: string, allowed: (address: string) => boolean): Promise<{ address: string; family: 4 | 6 }> {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  let found: { address: string; family: number }[];
  if (net.isIP(host)) found = [{ address: host, family: net.isIP(host) }];
  else {
    try {
      found = await dns.lookup(host, { all: true, verbatim: true });
    } catch {
      throw new WebhookTargetError('not-found');
    }
  }
  if (!found.length) throw new WebhookTargetError('not-found');
  if (!found.every((a) => allowed(a.address))) throw new WebhookTargetError('private');
  return { address: found[0]!.address, family: found[0]!.family === 6 ? 6 : 4 };
}

/** A DNS lookup that answers only the checked address: the connection cannot go elsewhere. */
export function pinnedLookup(target: { address: string; family: 4 | 6 }): LookupFunction {
  return (_host, opts, cb) => {
    if (opts.all) (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [target]);
    else cb(null, target.address, target.family);
  };
}

/**
 * POSTs `body` to `url` at the checked `target` address (TLS still checks the URL's host name); the
 * answer's status, its Retry-After and the first `excerpt` characters of its body. Bounded by `timeoutMs`.
 */
function postToTarget(
  url: string,
  target: { address: string; family: 4 | 6 },
  o: { headers: Record<string, string>; body: string | Buffer; timeoutMs: number; excerpt?: number },
): Promise<{ status: number; retryAfter: string | null; excerpt: string }> {
  const u = new URL(url);
  const lookup = pinnedLookup(target);
  const request = u.protocol === 'https:' ? https.request : http.request;
  const max = o.excerpt ?? 0;
  return new Promise((resolve, reject) => {
    const req = request(
      u,
      {
        method: 'POST',
        headers: { ...o.headers, 'content-length': String(Buffer.byteLength(o.body)) },
        lookup,
        signal: AbortSignal.timeout(o.timeoutMs),
        ...(net.isIP(u.hostname) ? {} : { servername: u.hostname }),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < max) text += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, retryAfter: [res.headers['retry-after']].flat()[0] ?? null, excerpt: text.slice(0, max) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

/**
 * POSTs to `url` once its host resolved to an address it may reach (public, unless private ones are
 * allowed), sent to that very address so DNS cannot answer differently in between. A refused host
 * throws `WebhookTargetError`.
 */
export async function postChecked(
  url: string,
  allowPrivate: boolean,
  o: Parameters<typeof postToTarget>[2],
): Promise<{ status: number; retryAfter: string | null; excerpt: string }> {
  return postToTarget(url, await resolveWebhookTarget(url, allowPrivate), o);
}
