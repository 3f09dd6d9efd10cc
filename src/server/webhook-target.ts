/**
 * Where a webhook request may go: the URL's host is resolved and every address checked (loopback,
 * private, link-local … refused unless ALLOW_PRIVATE_WEBHOOKS=1), when saved and at every delivery;
 * the request then connects to the checked address, so DNS cannot answer differently in between.
 */
import dns from 'node:dns/promises';
import net from 'node:net';
import { isPublicAddress } from './public-address.js';

export class WebhookTargetError extends Error {
  constructor(readonly kind: 'private' | 'not-found') {
    super(kind === 'private' ? 'refused: a loopback, private or link-local address' : 'the host was not found');
  }
}

/** The address to connect to for `url`, checked; throws WebhookTargetError. */
export async function resolveWebhookTarget(url: string, allowPrivate: boolean): Promise<{ address: string; family: 4 | 6 }> {
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
  if (!allowPrivate && !found.every((a) => isPublicAddress(a.address))) throw new WebhookTargetError('private');
  return { address: found[0]!.address, family: found[0]!.family === 6 ? 6 : 4 };
}
