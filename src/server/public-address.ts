/**
 * Which addresses a connection the server makes for a user (a mailbox's servers, a webhook) may go
 * to: anything but the special ranges, unless the operator allowed private targets.
 */
import ipaddr from 'ipaddr.js';

/** An address anyone's server may be reached at: anything but the special ranges (ipaddr.js names all other addresses `unicast`). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  // `process` turns ::ffff:127.0.0.1 into 127.0.0.1, so a mapped address is judged as IPv4.
  return ipaddr.process(address).range() === 'unicast';
}
