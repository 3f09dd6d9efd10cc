import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { passwordProblem } from './domain/password-policy.js';
import type { FormLimits } from './settings.js';

/** What one process runs (ROLE): the HTTP app and sockets, the jobs and durable subscribers, the SMTP receiver. */
export const ROLES = ['web', 'worker', 'smtp'] as const;
export type Role = (typeof ROLES)[number];
const roleWords = (v: string) =>
  v
    .split(',')
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);

/** The only reader of process.env: validated once, passed down as a typed object. */
const schema = z.object({
  /** `all`, or a comma-separated list of web, worker, smtp. */
  ROLE: z
    .string()
    .default('all')
    .superRefine((v, c) => {
      const words = roleWords(v);
      const bad = words.find((w) => w !== 'all' && !(ROLES as readonly string[]).includes(w));
      if (bad !== undefined || !words.length)
        c.addIssue({
          code: 'custom',
          message: `${bad === undefined ? 'no role given' : `unknown role "${bad}"`}: must be all, or a comma-separated list of ${ROLES.join(', ')}`,
        });
    }),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** A streaming replica of DATABASE_URL: lists, search, counts and reports read it (docs/decisions/read-replicas.md). */
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, - or _')
    .optional(),
  MAIL_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/i, 'must be a domain name such as example.com')
    .default('switchboard.localhost'),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z
    .string()
    .superRefine((v, c) => {
      const weak = passwordProblem(v);
      if (weak) c.addIssue({ code: 'custom', message: weak });
    })
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  EVENT_POLL_MS: z.coerce.number().int().min(50).max(86_400_000).default(2000),
  /** The built-in SMTP receiver; 0 picks a free port, `off` disables it. */
  SMTP_PORT: z.union([z.literal('off'), z.coerce.number().int().min(0).max(65535)]).default(2525),
  SMTP_HOST: z.string().min(1).optional(),
  MAX_MESSAGE_MB: z.coerce.number().positive().max(1024).default(25),
  /** The largest mail history an admin may upload in Settings › Inbox › Import (an mbox, or a folder in all). */
  IMPORT_MAX_MB: z.coerce.number().positive().max(1_048_576).default(20_480),
  /** Outgoing mail for fallback addresses, e.g. smtp://user:pass@relay.example.com:587; none = held. */
  SMTP_RELAY_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  /** Where attachments and kept-aside mail are stored; default DATA_DIR/files. */
  FILES_DIR: z.string().min(1).optional(),
  IMAP_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** PEM files: with both set, the SMTP receiver offers STARTTLS. */
  SMTP_TLS_KEY: z.string().min(1).optional(),
  SMTP_TLS_CERT: z.string().min(1).optional(),
  /**
   * `1`: every API response carries `x-sql-queries`, the SQL statements the request ran. Counting
   * needs async context tracking, which on Node 20 costs every promise in the process, so it is
   * for tests and benchmarks.
   */
  SQL_QUERY_HEADER: z.enum(['0', '1']).default('0'),
  /** `1`: every JSON answer is checked against its route's documented schema; a mismatch answers 500 (tests). */
  CHECK_ANSWERS: z.enum(['0', '1']).default('0'),
  /**
   * Which `X-Forwarded-For` hops to believe: `off` (default: the socket's address is the client),
   * a hop count (`1`: one reverse proxy in front), or the proxies' addresses / CIDR ranges, comma-separated.
   */
  TRUST_PROXY: z
    .string()
    .refine(validTrustProxy, 'must be off, a hop count (1-10), or comma-separated proxy addresses or CIDR ranges such as 10.0.0.0/8')
    .default('off'),
  /** The whole request, body included, must arrive within this many seconds. */
  HTTP_REQUEST_TIMEOUT_S: z.coerce.number().int().min(1).max(3600).default(120),
  /** The request line and headers must arrive within this many seconds. */
  HTTP_HEADERS_TIMEOUT_S: z.coerce.number().int().min(1).max(600).default(20),
  /** Open HTTP connections (WebSockets included) one process accepts; further ones are closed at once. */
  HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  /** Concurrent SMTP connections from one client address; further ones get 421. */
  SMTP_MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).max(10_000).default(50),
  /** DNS servers for sender authentication (SPF, DKIM, DMARC): `1.1.1.1,[2606:4700::1111]:53,127.0.0.1:5353`; none = the system's. */
  DNS_SERVERS: z.string().optional(),
  /** authserv-ids whose Authentication-Results header on IMAP-fetched mail is believed (e.g. `mx.google.com`); none = IMAP mail is "not checked". */
  IMAP_TRUSTED_AUTHSERV_IDS: z
    .string()
    .regex(/^[a-z0-9.,\s-]+$/i, 'must be host names separated by commas')
    .optional(),
  /** Master key for secrets at rest (mailbox passwords, chat secrets); none: DATA_DIR/secret.key, created on first start. */
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 32`)').optional(),
  /** `1`: mailbox settings may point at loopback, private and link-local addresses (tests, a mail server on the LAN). */
  ALLOW_PRIVATE_MAIL_HOSTS: z.enum(['0', '1']).default('0'),
  /** `1`: outgoing webhooks and Web Push endpoints may target loopback, private and link-local addresses (tests). */
  ALLOW_PRIVATE_WEBHOOKS: z.enum(['0', '1']).default('0'),
  // Slack's Web API (chat.postMessage, chat.update); tests point it at a local server.
  SLACK_API_URL: z.string().url().default('https://slack.com/api'),
  // Meta's Graph API for Messenger (Send API, User Profile, attachment files); tests point it at a local server.
  MESSENGER_GRAPH_URL: z.string().url().default('https://graph.facebook.com'),
  /** The Graph API version in every Messenger call's path. */
  MESSENGER_GRAPH_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'must be a Graph API version such as v23.0')
    .default('v23.0'),
  /** Who push services contact about this installation's Web Push (`mailto:` or `https:`); default mailto:postmaster@MAIL_DOMAIN. */
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, 'must be a mailto: address or an https: URL')
    .optional(),
  /** Time budget on a worker thread for parsing one received mail or sanitizing one HTML body. */
  PARSE_TIMEOUT_MS: z.coerce.number().int().min(10).max(600_000).default(10_000),
  /** Bearer token Prometheus sends to read `/metrics`; none = no `/metrics`. */
  /** Housekeeping (a daily job): days each kind of row is kept. */
  KEEP_EVENTS_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  KEEP_JOBS_DAYS: z.coerce.number().int().min(1).max(3650).default(14),
  KEEP_EXPIRED_SESSIONS_DAYS: z.coerce.number().int().min(0).max(3650).default(0),
  KEEP_LOGIN_ATTEMPTS_DAYS: z.coerce.number().int().min(1).max(3650).default(1),
  /** Support forms: submissions per address per hour and per day, and of all forms per day. */
  FORM_LIMIT_PER_ADDRESS_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(20),
  FORM_LIMIT_PER_ADDRESS_DAY: z.coerce.number().int().min(1).max(10_000_000).default(240),
  FORM_LIMIT_TOTAL_DAY: z.coerce.number().int().min(1).max(100_000_000).default(5000),
  /** The largest file a form takes, in MB. */
  FORM_MAX_FILE_MB: z.coerce.number().positive().max(1024).default(10),
  /** A submission this soon after the page was served is refused (seconds; a person takes longer). */
  FORM_MIN_FILL_SECONDS: z.coerce.number().min(0).max(600).default(2),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters (e.g. `openssl rand -hex 24`)').optional(),
});

/** Every variable the server reads (`.env.example` lists each one). */
export const configVariables = Object.keys(schema.shape);

/** `off`, a hop count, or a list of addresses and CIDR ranges (each must parse). */
function validTrustProxy(v: string): boolean {
  if (v === 'off' || /^([1-9]|10)$/.test(v)) return true;
  // Only plain dotted IPv4 or IPv6 (ipaddr.js would also take forms such as `0` or `10.1`).
  const address = (a: string) => ipaddr.IPv4.isValidFourPartDecimal(a) || ipaddr.IPv6.isValid(a);
  return v.split(',').every((raw) => {
    const p = raw.trim();
    return p.includes('/') ? address(p.slice(0, p.indexOf('/'))) && ipaddr.isValidCIDR(p) : address(p);
  });
}

export type Config = {
  /** What this process runs (ROLE), in ROLES order; `all` is every one. */
  roles: Role[];
  port: number;
  host: string;
  publicUrl?: string;
  dataDir: string;
  databaseUrl?: string;
  /** DATABASE_READ_URL: a streaming replica of the PostgreSQL database. */
  databaseReadUrl?: string;
  redisUrl?: string;
  /** Prefix of the Redis channels (REDIS_PREFIX). */
  redisPrefix?: string;
  mailDomain: string;
  adminEmail?: string;
  adminPassword?: string;
  logLevel: string;
  sessionDays: number;
  smtpPort: number | null;
  smtpHost: string;
  maxMessageBytes: number;
  /** Uploads for an import started in the app: DATA_DIR/import-uploads, at most IMPORT_MAX_MB. */
  importUploads: { dir: string; maxBytes: number };
  smtpRelayUrl?: string;
  filesDir: string;
  imapPollSeconds: number;
  /** Key and certificate (PEM) the SMTP receiver offers STARTTLS with; none = plain SMTP only. */
  smtpTls?: { key: Buffer; cert: Buffer };
  /** Safety-net interval at which each process re-reads new events (Redis or a local commit wakes it sooner). */
  eventPollMs: number;
  /** Count each API request's SQL statements into `x-sql-queries` (SQL_QUERY_HEADER). */
  sqlQueryHeader: boolean;
  /** Check every JSON answer against its documented schema (CHECK_ANSWERS; tests). */
  checkAnswers: boolean;
  /** TRUST_PROXY: false, a hop count, or the trusted proxies' addresses (comma-separated) for Fastify's `trustProxy`. */
  trustProxy: false | number | string;
  /** HTTP limits: whole request and headers timeouts (ms), open connections per process. */
  http: { requestTimeoutMs: number; headersTimeoutMs: number; maxConnections: number };
  /** Concurrent SMTP connections per client address (SMTP_MAX_CONNECTIONS_PER_ADDRESS). */
  smtpMaxPerAddress: number;
  /** DNS servers sender authentication asks (DNS_SERVERS, `host` or `host:port`); none = the system's resolvers. */
  dnsServers?: string[];
  /** authserv-ids (lower case) trusted in IMAP-fetched mail's Authentication-Results (IMAP_TRUSTED_AUTHSERV_IDS). */
  imapTrustedAuthservIds: string[];
  /** SECRET_KEY; without it the key file in DATA_DIR is used (`secrets.ts`). */
  secretKey?: string;
  /** Mailbox IMAP/SMTP hosts may resolve to loopback, private or link-local addresses (ALLOW_PRIVATE_MAIL_HOSTS). */
  allowPrivateMailHosts: boolean;
  /** Outgoing webhooks may target loopback, private or link-local addresses (ALLOW_PRIVATE_WEBHOOKS). */
  allowPrivateWebhooks: boolean;
  /** Slack's Web API base URL (SLACK_API_URL), without a trailing slash. */
  slackApiUrl: string;
  /** Meta's Graph API base URL (MESSENGER_GRAPH_URL), without a trailing slash, and its version (MESSENGER_GRAPH_VERSION). */
  messengerGraph: { url: string; version: string };
  /** VAPID_SUBJECT: the contact push services see in Web Push requests. */
  vapidSubject: string;
  /** Budget for parsing one received mail (then kept raw as message.eml) or sanitizing one HTML body (then 400). */
  parseTimeoutMs: number;
  /** METRICS_TOKEN: `/metrics` answers requests that send it as a bearer token; none = no `/metrics`. */
  metricsToken?: string;
  /** How long the daily housekeeping keeps each kind of row (KEEP_*_DAYS). */
  retention: Retention;
  /** Support forms' abuse limits (FORM_*). */
  forms: FormLimits;
};

/** Days kept: events (the newest ones a stream resume can replay always stay), finished jobs, sessions after they expired, failed logins. */
export interface Retention {
  eventsDays: number;
  jobsDays: number;
  expiredSessionsDays: number;
  loginAttemptsDays: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(clean);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (c.DATABASE_READ_URL && !c.DATABASE_URL)
    throw new ConfigError(
      'Invalid configuration:\n  DATABASE_READ_URL: a read replica needs PostgreSQL: set DATABASE_URL to its primary (SQLite has no replicas)',
    );
  const smtpTls = readSmtpTls(c.SMTP_TLS_KEY, c.SMTP_TLS_CERT);
  const words = roleWords(c.ROLE);
  const roles = ROLES.filter((r) => words.includes('all') || words.includes(r));
  // On SQLite one process runs everything: another process cannot share its database file.
  if (roles.length < ROLES.length && !c.DATABASE_URL)
    throw new ConfigError(
      `Invalid configuration:\n  ROLE: ${roles.join(',')} leaves the other roles to other processes, which need DATABASE_URL (PostgreSQL; REDIS_URL too); on SQLite use ROLE=all`,
    );
  if (!words.includes('all') && roles.includes('smtp') && c.SMTP_PORT === 'off')
    throw new ConfigError(
      'Invalid configuration:\n  ROLE: smtp runs the SMTP receiver, which SMTP_PORT=off turns off; set SMTP_PORT or drop smtp',
    );
  return {
    roles,
    port: c.PORT,
    host: c.HOST,
    publicUrl: c.PUBLIC_URL,
    dataDir: path.resolve(c.DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    databaseReadUrl: c.DATABASE_READ_URL,
    redisUrl: c.REDIS_URL,
    redisPrefix: c.REDIS_PREFIX,
    mailDomain: c.MAIL_DOMAIN.toLowerCase(),
    adminEmail: c.ADMIN_EMAIL?.toLowerCase(),
    adminPassword: c.ADMIN_PASSWORD,
    logLevel: c.LOG_LEVEL,
    sessionDays: c.SESSION_DAYS,
    eventPollMs: c.EVENT_POLL_MS,
    smtpPort: c.SMTP_PORT === 'off' ? null : c.SMTP_PORT,
    smtpHost: c.SMTP_HOST ?? c.HOST,
    maxMessageBytes: Math.round(c.MAX_MESSAGE_MB * 1024 * 1024),
    importUploads: { dir: path.resolve(c.DATA_DIR, 'import-uploads'), maxBytes: Math.round(c.IMPORT_MAX_MB * 1024 * 1024) },
    smtpRelayUrl: c.SMTP_RELAY_URL,
    filesDir: path.resolve(c.FILES_DIR ?? path.join(c.DATA_DIR, 'files')),
    imapPollSeconds: c.IMAP_POLL_SECONDS,
    sqlQueryHeader: c.SQL_QUERY_HEADER === '1',
    checkAnswers: c.CHECK_ANSWERS === '1',
    trustProxy:
      c.TRUST_PROXY === 'off'
        ? false
        : /^\d+$/.test(c.TRUST_PROXY)
          ? Number(c.TRUST_PROXY)
          : c.TRUST_PROXY.split(',')
              .map((p) => p.trim())
              .join(','),
    http: {
      requestTimeoutMs: c.HTTP_REQUEST_TIMEOUT_S * 1000,
      // Node refuses a headers timeout longer than the request timeout.
      headersTimeoutMs: Math.min(c.HTTP_HEADERS_TIMEOUT_S, c.HTTP_REQUEST_TIMEOUT_S) * 1000,
      maxConnections: c.HTTP_MAX_CONNECTIONS,
    },
    smtpMaxPerAddress: c.SMTP_MAX_CONNECTIONS_PER_ADDRESS,
    secretKey: c.SECRET_KEY,
    allowPrivateMailHosts: c.ALLOW_PRIVATE_MAIL_HOSTS === '1',
    allowPrivateWebhooks: c.ALLOW_PRIVATE_WEBHOOKS === '1',
    slackApiUrl: c.SLACK_API_URL.replace(/\/+$/, ''),
    messengerGraph: { url: c.MESSENGER_GRAPH_URL.replace(/\/+$/, ''), version: c.MESSENGER_GRAPH_VERSION },
    vapidSubject: c.VAPID_SUBJECT ?? `mailto:postmaster@${c.MAIL_DOMAIN.toLowerCase()}`,
    parseTimeoutMs: c.PARSE_TIMEOUT_MS,
    metricsToken: c.METRICS_TOKEN,
    forms: {
      perAddressHour: c.FORM_LIMIT_PER_ADDRESS_HOUR,
      perAddressDay: c.FORM_LIMIT_PER_ADDRESS_DAY,
      totalDay: c.FORM_LIMIT_TOTAL_DAY,
      maxFileBytes: Math.round(c.FORM_MAX_FILE_MB * 1024 * 1024),
      minFillMs: Math.round(c.FORM_MIN_FILL_SECONDS * 1000),
    },
    retention: {
      eventsDays: c.KEEP_EVENTS_DAYS,
      jobsDays: c.KEEP_JOBS_DAYS,
      expiredSessionsDays: c.KEEP_EXPIRED_SESSIONS_DAYS,
      loginAttemptsDays: c.KEEP_LOGIN_ATTEMPTS_DAYS,
    },
    ...(smtpTls ? { smtpTls } : {}),
    ...(c.DNS_SERVERS ? { dnsServers: parseDnsServers(c.DNS_SERVERS) } : {}),
    imapTrustedAuthservIds: (c.IMAP_TRUSTED_AUTHSERV_IDS ?? '')
      .split(',')
      .map((x) => x.trim().toLowerCase())
      .filter(Boolean),
  };
}

/** Both PEM files or neither; each must be readable and the pair must load as a TLS identity. */
function readSmtpTls(keyPath?: string, certPath?: string): Config['smtpTls'] {
  const bad = (name: string, message: string) => new ConfigError(`Invalid configuration:\n  ${name}: ${message}`);
  if (!keyPath && !certPath) return undefined;
  if (!keyPath) throw bad('SMTP_TLS_KEY', 'must be set together with SMTP_TLS_CERT (the private key, a PEM file)');
  if (!certPath) throw bad('SMTP_TLS_CERT', 'must be set together with SMTP_TLS_KEY (the certificate, a PEM file)');
  const read = (name: string, file: string) => {
    try {
      return fs.readFileSync(file);
    } catch (err) {
      throw bad(name, `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  };
  const key = read('SMTP_TLS_KEY', keyPath);
  const cert = read('SMTP_TLS_CERT', certPath);
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key.toString('latin1'))) throw bad('SMTP_TLS_KEY', `${keyPath} is not a PEM private key`);
  if (!/-----BEGIN CERTIFICATE-----/.test(cert.toString('latin1'))) throw bad('SMTP_TLS_CERT', `${certPath} is not a PEM certificate`);
  try {
    tls.createSecureContext({ key });
  } catch (err) {
    throw bad('SMTP_TLS_KEY', `${keyPath} is not a usable private key: ${(err as Error).message}`);
  }
  try {
    tls.createSecureContext({ key, cert });
  } catch (err) {
    throw bad('SMTP_TLS_CERT', `${certPath} cannot be used with SMTP_TLS_KEY: ${(err as Error).message}`);
  }
  return { key, cert };
}

/** `1.1.1.1, 127.0.0.1:5353, ::1, [::1]:5353` → the form node:dns `setServers` takes; anything else fails naming DNS_SERVERS. */
function parseDnsServers(value: string): string[] {
  const bad = (message: string) => new ConfigError(`Invalid configuration:\n  DNS_SERVERS: ${message}`);
  const out: string[] = [];
  for (const part of value
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const m =
      /^\[([^\]]+)\](?::(\d+))?$/.exec(part) ?? (ipaddr.IPv6.isValid(part) ? [part, part, undefined] : /^([^:]+)(?::(\d+))?$/.exec(part));
    const ip = m?.[1];
    const port = m?.[2] === undefined ? undefined : Number(m[2]);
    if (!ip || !ipaddr.isValid(ip) || (port !== undefined && !(port >= 1 && port <= 65535)))
      throw bad(`"${part}" is not an IP address with an optional port (e.g. 1.1.1.1 or 127.0.0.1:5353)`);
    const v6 = ipaddr.parse(ip).kind() === 'ipv6';
    out.push(port === undefined ? ip : v6 ? `[${ip}]:${port}` : `${ip}:${port}`);
  }
  if (!out.length) throw bad('must list at least one IP address');
  return out;
}
