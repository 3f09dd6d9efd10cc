import path from 'node:path';
import { z } from 'zod';

/** The only reader of process.env: validated once, passed down as a typed object. */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  MAIL_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/i, 'must be a domain name such as example.com')
    .default('switchboard.localhost'),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  EVENT_POLL_MS: z.coerce.number().int().min(50).max(86_400_000).default(2000),
  /** The built-in SMTP receiver; 0 picks a free port, `off` disables it. */
  SMTP_PORT: z.union([z.literal('off'), z.coerce.number().int().min(0).max(65535)]).default(2525),
  SMTP_HOST: z.string().min(1).optional(),
  MAX_MESSAGE_MB: z.coerce.number().positive().max(1024).default(25),
  /** Outgoing mail for fallback addresses, e.g. smtp://user:pass@relay.example.com:587; none = held. */
  SMTP_RELAY_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  /** Where attachments and kept-aside mail are stored; default DATA_DIR/files. */
  FILES_DIR: z.string().min(1).optional(),
  IMAP_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
});

export type Config = {
  port: number;
  host: string;
  publicUrl?: string;
  dataDir: string;
  databaseUrl?: string;
  redisUrl?: string;
  mailDomain: string;
  adminEmail?: string;
  adminPassword?: string;
  logLevel: string;
  sessionDays: number;
  smtpPort: number | null;
  smtpHost: string;
  maxMessageBytes: number;
  smtpRelayUrl?: string;
  filesDir: string;
  imapPollSeconds: number;
  /** Safety-net interval at which each process re-reads new events (Redis or a local commit wakes it sooner). */
  eventPollMs: number;
};

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(clean);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    publicUrl: c.PUBLIC_URL,
    dataDir: path.resolve(c.DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    redisUrl: c.REDIS_URL,
    mailDomain: c.MAIL_DOMAIN.toLowerCase(),
    adminEmail: c.ADMIN_EMAIL?.toLowerCase(),
    adminPassword: c.ADMIN_PASSWORD,
    logLevel: c.LOG_LEVEL,
    sessionDays: c.SESSION_DAYS,
    eventPollMs: c.EVENT_POLL_MS,
    smtpPort: c.SMTP_PORT === 'off' ? null : c.SMTP_PORT,
    smtpHost: c.SMTP_HOST ?? c.HOST,
    maxMessageBytes: Math.round(c.MAX_MESSAGE_MB * 1024 * 1024),
    smtpRelayUrl: c.SMTP_RELAY_URL,
    filesDir: path.resolve(c.FILES_DIR ?? path.join(c.DATA_DIR, 'files')),
    imapPollSeconds: c.IMAP_POLL_SECONDS,
  };
}
