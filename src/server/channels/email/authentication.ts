/**
 * Sender authentication of received mail: SPF (the connecting IP against MAIL FROM's domain),
 * DKIM signatures and DMARC (both aligned with the From header), checked by mailauth against the
 * DNS servers of DNS_SERVERS (or the system's). Every query times out and the whole check is
 * bounded, so a slow or hostile DNS zone cannot hold a message: it is then "not verified".
 * IMAP-fetched mail has no envelope: only a configured server's Authentication-Results is believed.
 */
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import addressparser from 'nodemailer/lib/addressparser';
import type { authenticate } from 'mailauth';
import type { SenderAuth } from '../../../common/api.js';

export type { SenderAuth };

/** What the SMTP session saw: the client's IP, its HELO/EHLO name and MAIL FROM (empty: the null sender). */
export interface SmtpEnvelope {
  ip: string;
  helo: string;
  mailFrom: string;
}

export interface SenderCheck {
  envelope: SmtpEnvelope;
  /** `host` or `host:port`; none = the system's resolvers. */
  dnsServers?: string[];
  /** Our host name, written into the check's own Authentication-Results (MAIL_DOMAIN). */
  mta: string;
  /** The whole check's bound (default 10 s); each DNS query gives up after 2 s. */
  timeoutMs?: number;
}

/** Mail we could not check (IMAP without a trusted server, replays of old mail): shown as "not checked". */
export const NOT_CHECKED: SenderAuth = { summary: 'none', spf: 'none', dkim: 'none', dmarc: 'none' };

const DNS_TIMEOUT_MS = 2000;
const CHECK_TIMEOUT_MS = 10_000;

/** "::ffff:127.0.0.2" → "127.0.0.2"; anything unparsable stays as it is (SPF then fails to match it). */
export function plainIp(ip: string): string {
  try {
    const a = ipaddr.process(ip);
    return a.toString();
  } catch {
    return ip;
  }
}

/** The domain of an address or host name, lower case. */
const domainOf = (s: string | undefined | null) => (s ?? '').trim().toLowerCase().replace(/^.*@/, '').replace(/\.$/, '');
/** Relaxed alignment without the public-suffix list: equal, or one a subdomain of the other. */
const aligned = (a: string, b: string) => !!a && !!b && (a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`));

/** The header block of a raw message (its first 64 KB at most), unfolded. */
function unfoldedHead(raw: Buffer): string {
  const head = raw.subarray(0, 64 * 1024).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  return (end >= 0 ? head.slice(0, end) : head).replace(/\r?\n[ \t]+/g, ' ');
}

/** The From header's domain from the raw head (only a single From address counts). */
function headerFromDomain(raw: Buffer): string {
  const from = /^From:(.*)$/im.exec(unfoldedHead(raw))?.[1] ?? '';
  const addrs = [...from.matchAll(/[^\s<>"@,;:]+@([^\s<>"@,;:]+)/g)];
  return addrs.length === 1 ? domainOf(addrs[0]![1]) : '';
}

/**
 * Whether the message carries a DKIM signature. Unsigned mail needs no pass over its body: its
 * check is SPF and DMARC, a few (cached) DNS answers, cheap enough for the event loop.
 */
export function isDkimSigned(raw: Buffer): boolean {
  return /^DKIM-Signature[ \t]*:/im.test(unfoldedHead(raw));
}

/**
 * Answers (and "no such name") are kept a minute, at most 10,000 of them, so a burst of mail from
 * one domain asks DNS once; timeouts and server failures are not kept.
 */
const CACHE_MS = 60_000;
const cache = new Map<string, { until: number; answer: Promise<string[][] | string[]> }>();
const NEGATIVE = new Set(['ENOTFOUND', 'ENODATA']);

/** One resolver (a c-ares channel) per server list, made once. */
const resolvers = new Map<string, ReturnType<typeof makeResolver>>();
function resolverFor(servers: string[] | undefined) {
  const scope = (servers ?? []).join(',');
  let r = resolvers.get(scope);
  if (!r) resolvers.set(scope, (r = makeResolver(servers, scope)));
  return r;
}

function makeResolver(servers: string[] | undefined, scope: string) {
  const r = new Resolver({ timeout: DNS_TIMEOUT_MS, tries: 1 });
  if (servers?.length) r.setServers(servers);
  return (name: string, rrtype: string) => {
    const key = `${scope} ${rrtype} ${name.toLowerCase()}`;
    const hit = cache.get(key);
    if (hit && hit.until > Date.now()) return hit.answer;
    const answer = r.resolve(name, rrtype) as Promise<string[][] | string[]>;
    if (cache.size >= 10_000) cache.clear();
    cache.set(key, { until: Date.now() + CACHE_MS, answer });
    answer.catch((err: NodeJS.ErrnoException) => {
      if (!NEGATIVE.has(err?.code ?? '')) cache.delete(key);
    });
    return answer;
  };
}

const TIMED_OUT: SenderAuth = { summary: 'unverified', spf: 'temperror', dkim: 'temperror', dmarc: 'temperror' };

/** SPF, DKIM and DMARC of one received message; never throws (a failure to check is "unverified"). */
export async function checkSender(raw: Buffer, req: SenderCheck): Promise<SenderAuth> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<SenderAuth>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), req.timeoutMs ?? CHECK_TIMEOUT_MS)));
  try {
    return await Promise.race([runCheck(raw, req), bound]);
  } catch {
    return TIMED_OUT;
  } finally {
    clearTimeout(timer);
  }
}

/** mailauth, loaded at the first check (a process that never checks a sender, such as `switchboard import`, never holds it). */
const mailauth = () => import('mailauth');

type Verdicts = Pick<Awaited<ReturnType<typeof authenticate>>, 'spf' | 'dkim' | 'dmarc'>;

/**
 * What mailauth's `authenticate` answers for an unsigned message, without streaming it through
 * the DKIM verifier: SPF for the envelope, then DMARC for the From header's addresses (exactly
 * one, as mailauth requires) with SPF's domain when it passed.
 */
async function unsignedVerdicts(raw: Buffer, opts: { ip: string; helo: string; sender?: string; mta: string; resolver: Resolve }) {
  const helo = isIP(opts.helo) ? `[${opts.helo}]` : opts.helo;
  const { spf: checkSpf, dmarc: checkDmarc } = await mailauth();
  const spfResult = await checkSpf({ ...opts, helo });
  // mailauth takes the From header's addresses the same way (only the first 8 KB of it matter: more than one address fails DMARC anyway).
  const fromLine = (/^From:(.*)$/im.exec(unfoldedHead(raw))?.[1] ?? '').slice(0, 8192).trim();
  const headerFrom = addressparser(fromLine, { flatten: true }).flatMap((a) => (a.address ? [a.address] : []));
  const passed = spfResult?.status?.result === 'pass' && spfResult.domain ? [spfResult.domain] : [];
  const dmarcResult = await checkDmarc({ headerFrom, spfDomains: passed, dkimDomains: [], resolver: opts.resolver });
  return { spf: spfResult, dkim: { results: [] }, dmarc: dmarcResult || false } as unknown as Verdicts;
}

type Resolve = ReturnType<typeof resolverFor>;

/** The check as mailauth's `authenticate` makes it for every message, signed or not (what the unsigned path must equal). */
export const checkSenderWithMailauth = (raw: Buffer, req: SenderCheck) => runCheck(raw, req, true);

async function runCheck(raw: Buffer, req: SenderCheck, alwaysMailauth = false): Promise<SenderAuth> {
  const ip = plainIp(req.envelope.ip);
  const opts = {
    ip,
    helo: req.envelope.helo || ip,
    sender: req.envelope.mailFrom || undefined,
    mta: req.mta,
    resolver: resolverFor(req.dnsServers),
  };
  const r: Verdicts =
    alwaysMailauth || isDkimSigned(raw)
      ? await (await mailauth()).authenticate(raw, { ...opts, disableArc: true, disableBimi: true })
      : await unsignedVerdicts(raw, opts);
  const spf = (r.spf && typeof r.spf === 'object' ? r.spf.status?.result : undefined) ?? 'none';
  // An unsigned message comes back as one result "none" (message not signed).
  const sigs = ((r.dkim?.results ?? []) as Array<{ status?: { result?: string; aligned?: string | false } }>).filter(
    (x) => x.status?.result !== 'none',
  );
  const dkim = !sigs.length
    ? 'none'
    : sigs.some((s) => s.status?.result === 'pass')
      ? 'pass'
      : sigs.some((s) => s.status?.result === 'temperror')
        ? 'temperror'
        : 'fail';
  const dmarc = (r.dmarc && typeof r.dmarc === 'object' ? r.dmarc.status?.result : undefined) ?? 'none';
  let verified = dmarc === 'pass';
  if (dmarc === 'none') {
    // No DMARC policy published: an aligned DKIM signature or an aligned SPF pass still proves the From domain.
    const from = headerFromDomain(raw);
    const spfDomain = domainOf(req.envelope.mailFrom || req.envelope.helo);
    verified = sigs.some((s) => s.status?.result === 'pass' && !!s.status.aligned) || (spf === 'pass' && aligned(spfDomain, from));
  }
  return { summary: verified ? 'verified' : 'unverified', spf: norm(spf), dkim: norm(dkim), dmarc: norm(dmarc) };
}

const RESULTS = new Set(['pass', 'fail', 'softfail', 'neutral', 'none', 'temperror', 'permerror', 'policy']);
const norm = (s: string) => (RESULTS.has(s.toLowerCase()) ? s.toLowerCase() : 'permerror');

/**
 * IMAP-fetched mail: the receiving server's verdict, believed only from the topmost
 * Authentication-Results header of an authserv-id the administrator named (RFC 8601: a receiving
 * server removes headers claiming its own id from incoming mail). Otherwise "not checked".
 */
export function trustedAuthResults(raw: Buffer, trusted: string[]): SenderAuth {
  if (!trusted.length) return NOT_CHECKED;
  const head = raw.subarray(0, 256 * 1024).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const unfolded = (end >= 0 ? head.slice(0, end) : head).replace(/\r?\n[ \t]+/g, ' ');
  const lines = [...unfolded.matchAll(/^Authentication-Results:(.*)$/gim)].map((m) => m[1]!.replace(/\([^()]*\)/g, ' ').trim());
  const ours = lines.find((l) => trusted.includes(l.split(';')[0]!.trim().split(/\s+/)[0]!.toLowerCase()));
  if (!ours) return NOT_CHECKED;
  const results = ours
    .split(';')
    .slice(1)
    .map((x) => x.trim());
  const of = (method: string) =>
    results
      .filter((x) => x.toLowerCase().startsWith(`${method}=`))
      .map((x) =>
        x
          .slice(method.length + 1)
          .split(/\s+/)[0]!
          .toLowerCase(),
      );
  const spf = of('spf')[0] ?? 'none';
  const dkims = of('dkim');
  const dkim = !dkims.length ? 'none' : dkims.includes('pass') ? 'pass' : dkims.includes('temperror') ? 'temperror' : 'fail';
  const dmarc = of('dmarc')[0] ?? 'none';
  let verified = dmarc === 'pass';
  if (dmarc === 'none') {
    const from = headerFromDomain(raw);
    const prop = (name: string) =>
      results.flatMap((x) => [...x.matchAll(new RegExp(`${name}=([^\\s;]+)`, 'gi'))].map((m) => domainOf(m[1]!)));
    verified =
      (dkim === 'pass' && prop('header\\.d').some((d) => aligned(d, from))) ||
      (spf === 'pass' && prop('smtp\\.mailfrom').some((d) => aligned(d, from)));
  }
  return { summary: verified ? 'verified' : 'unverified', spf: norm(spf), dkim: norm(dkim), dmarc: norm(dmarc) };
}
