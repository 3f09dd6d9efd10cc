/**
 * Where a mailbox's IMAP and SMTP connections may go, and how their failures are shown.
 * A host name is resolved and every address checked (loopback, private, link-local, unique-local,
 * unspecified, multicast … are refused unless ALLOW_PRIVATE_MAIL_HOSTS=1); the connection then goes
 * to the checked address, with the name as TLS servername, so DNS cannot answer differently between
 * the check and the connect. Failures are shown as plain classes; the remote's text goes only to
 * the server log. SMTP_RELAY_URL (the operator's own setting) is not checked.
 */
import dns from 'node:dns/promises';
import net from 'node:net';
import { isPublicAddress } from '../../public-address.js';

export type MailErrorKind =
  'private' | 'not-found' | 'refused' | 'timeout' | 'tls' | 'not-imap' | 'not-smtp' | 'login' | 'folder' | 'rejected' | 'failed';

const TEXT: Record<MailErrorKind, string> = {
  private: 'Refused: the host is a loopback, private or link-local address',
  'not-found': 'Host not found',
  refused: 'Connection refused',
  timeout: 'Timed out',
  tls: 'TLS failed (certificate or handshake)',
  'not-imap': 'Not an IMAP server',
  'not-smtp': 'Not an SMTP server',
  login: 'Login refused',
  folder: 'Folder not found',
  rejected: 'The mail server refused the message',
  failed: 'Connection failed',
};

/** A failure as shown to people: its class, never the remote server's words. */
export class MailConnectionError extends Error {
  constructor(
    readonly kind: MailErrorKind,
    /** An SMTP reply code (a number, never the server's text), for refused messages. */
    readonly responseCode?: number,
  ) {
    super(responseCode ? `${TEXT[kind]} (${responseCode})` : TEXT[kind]);
  }
}

/** The class of a failure as stored (its text), or null for another message. */
export function mailErrorKindOf(text: string | null | undefined): MailErrorKind | null {
  const base = text?.replace(/ \(\d{3}\)$/, '');
  return (Object.keys(TEXT) as MailErrorKind[]).find((k) => TEXT[k] === base) ?? null;
}

export { isPublicAddress };

export interface MailTarget {
  /** The checked IP address to connect to. */
  address: string;
  /** The name to verify the certificate against (SNI), when the host was a name. */
  servername?: string;
}

/** Resolves `host` and checks every address it has; throws MailConnectionError ('not-found', 'private'). */
export async function resolveMailHost(host: string, allowPrivate: boolean): Promise<MailTarget> {
  const name = host.trim().replace(/^\[(.*)\]$/, '$1');
  let found: { address: string }[];
  try {
    found = await dns.lookup(name, { all: true, verbatim: true });
  } catch {
    throw new MailConnectionError('not-found');
  }
  if (!found.length) throw new MailConnectionError('not-found');
  if (!allowPrivate && !found.every((a) => isPublicAddress(a.address))) throw new MailConnectionError('private');
  const servername = net.isIP(name) ? undefined : name.replace(/\.$/, '');
  return { address: found[0]!.address, ...(servername ? { servername } : {}) };
}

const TLS_CODE = /^(ERR_TLS|ERR_SSL|EPROTO$|ETLS$|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_OSSL|HOSTNAME_MISMATCH)/;

/** The class of a connection failure (imapflow or nodemailer); `protocol` names what the far end should have been. */
export function classifyMailError(err: unknown, protocol: 'imap' | 'smtp'): MailConnectionError {
  if (err instanceof MailConnectionError) return err;
  const e = (err ?? {}) as {
    code?: unknown;
    authenticationFailed?: boolean;
    responseCode?: number;
    library?: string;
    message?: string;
    cause?: unknown;
  };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  const notServer = new MailConnectionError(protocol === 'imap' ? 'not-imap' : 'not-smtp');
  if (e.authenticationFailed || code === 'EAUTH' || code === 'AUTHENTICATIONFAILED' || code === 'NoAuthentication')
    return new MailConnectionError('login');
  if (code === 'ECONNREFUSED' || /\bECONNREFUSED\b/.test(message)) return new MailConnectionError('refused');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EDNS' || /\bENOTFOUND\b/.test(message))
    return new MailConnectionError('not-found');
  // A greeting that never comes or is not the protocol's: something else listens there.
  if (code === 'GREETING_TIMEOUT' || code === 'EPROTOCOL' || /unexpected (greeting|response)|invalid greeting|bad greeting/i.test(message))
    return notServer;
  if (TLS_CODE.test(code) || e.library === 'SSL routines' || /\b(certificate|ssl|tls)\b/i.test(message))
    return new MailConnectionError('tls');
  // Connected and talking SMTP, but the message or a recipient was refused: only the reply code is shown.
  if (code === 'EENVELOPE' || code === 'EMESSAGE')
    return new MailConnectionError('rejected', typeof e.responseCode === 'number' ? e.responseCode : undefined);
  if (/TIMEOUT|TIMEDOUT/.test(code) || /\btimed? ?out\b/i.test(message)) return new MailConnectionError('timeout');
  if (e.cause && e.cause !== err) {
    const inner = classifyMailError(e.cause, protocol);
    if (inner.kind !== 'failed') return inner;
  }
  return new MailConnectionError('failed');
}
