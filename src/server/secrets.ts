/**
 * Secrets at rest: mailbox passwords and chat channel secrets are stored encrypted inside the
 * channel's `settings` JSON (AES-256-GCM, `enc:v1:<iv>:<ciphertext+tag>`, base64url). The master
 * key is SECRET_KEY, or a random key written to DATA_DIR/secret.key (0600) on first start.
 * Code that reads or writes channel settings goes through `channelSettings` / `encodeChannelSettings`;
 * nothing else decrypts.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from './db/database.js';
import { decodeJson, encodeJson } from './db/json.js';

const PREFIX = 'enc:v1:';
/** Keys inside channel settings whose values are secrets (also redacted when settings are shown). */
export const SECRET_SETTING_KEYS: ReadonlySet<string> = new Set([
  'password',
  'pass',
  'secret',
  // Messenger: the Page access token, the Meta app's secret (signatures), the webhook's verify token.
  'pageAccessToken',
  'appSecret',
  'verifyToken',
]);
export const KEY_FILE = 'secret.key';

export class SecretKeyError extends Error {}

export class Secrets {
  private readonly settingsKey: Buffer;

  constructor(
    private readonly master: Buffer,
    /** Where the key came from, for error messages. */
    readonly source: string,
  ) {
    this.settingsKey = this.serverKey('channel-settings');
  }

  /**
   * A 32-byte key for one purpose (HKDF-SHA256 from the master key), e.g. a MAC key for reply
   * tokens: each purpose gets an independent key and the master key never leaves this module.
   */
  serverKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.master, Buffer.alloc(0), `switchboard:${purpose}`, 32));
  }

  static isSealed(value: unknown): value is string {
    return typeof value === 'string' && value.startsWith(PREFIX);
  }

  /** Encrypts a value; one already encrypted is returned as it is. */
  seal(plain: string): string {
    if (Secrets.isSealed(plain)) return plain;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.settingsKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${PREFIX}${iv.toString('base64url')}:${body.toString('base64url')}`;
  }

  /** Decrypts a sealed value (a plain one, not yet encrypted, is returned as it is); a wrong key throws SecretKeyError. */
  open(value: string): string {
    if (!Secrets.isSealed(value)) return value;
    const [ivText, bodyText] = value.slice(PREFIX.length).split(':');
    try {
      const iv = Buffer.from(ivText ?? '', 'base64url');
      const body = Buffer.from(bodyText ?? '', 'base64url');
      if (iv.length !== 12 || body.length < 16) throw new Error('malformed');
      const decipher = createDecipheriv('aes-256-gcm', this.settingsKey, iv);
      decipher.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretKeyError(
        `A stored channel secret cannot be decrypted with the key from ${this.source}. ` +
          `Set SECRET_KEY to the key the data was written with, or copy that installation's ${KEY_FILE} into DATA_DIR ` +
          '(every process sharing a PostgreSQL database needs the same key).',
      );
    }
  }

  /** A copy of `settings` with every secret value encrypted (idempotent). */
  sealSettings<T>(settings: T): T {
    return mapSecrets(settings, (v) => this.seal(v));
  }

  /** A copy of `settings` with every secret value decrypted. */
  openSettings<T>(settings: T): T {
    return mapSecrets(settings, (v) => this.open(v));
  }
}

function mapSecrets<T>(v: T, fn: (s: string) => string): T {
  if (Array.isArray(v)) return v.map((x) => mapSecrets(x, fn)) as T;
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, SECRET_SETTING_KEYS.has(k) && typeof x === 'string' && x ? fn(x) : mapSecrets(x, fn)]),
    ) as T;
  }
  return v;
}

/** A channel's settings with its secrets decrypted: the one way code that needs a password or secret reads them. */
export function channelSettings<T>(secrets: Secrets, c: { settings: string }, fallback: T): T {
  return secrets.openSettings(decodeJson<T>(c.settings, fallback));
}

/** Settings as stored: JSON with every secret encrypted. */
export function encodeChannelSettings(secrets: Secrets, settings: unknown): string {
  return encodeJson(secrets.sealSettings(settings));
}

/**
 * The master key: SECRET_KEY when set, else DATA_DIR/secret.key, created (random 32 bytes, 0600)
 * on first start. Two processes starting together on one DATA_DIR agree: the file is created
 * exclusively and a loser reads the winner's.
 */
export function loadSecrets(opts: { secretKey?: string; dataDir: string }): Secrets {
  // A key file's content (43 base64url characters) is the same key when given as SECRET_KEY.
  if (opts.secretKey)
    return new Secrets(
      /^[A-Za-z0-9_-]{43}$/.test(opts.secretKey) ? Buffer.from(opts.secretKey, 'base64url') : Buffer.from(opts.secretKey, 'utf8'),
      'SECRET_KEY',
    );
  const file = path.join(opts.dataDir, KEY_FILE);
  const read = () => {
    const text = fs.readFileSync(file, 'utf8').trim();
    const key = Buffer.from(text, 'base64url');
    if (key.length !== 32)
      throw new SecretKeyError(`${file} is not a Switchboard key (32 bytes, base64url); restore it from your backup or set SECRET_KEY`);
    return new Secrets(key, file);
  };
  if (fs.existsSync(file)) return read();
  fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  try {
    const fd = fs.openSync(file, 'wx', 0o600);
    try {
      fs.writeSync(fd, `${randomBytes(32).toString('base64url')}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // Another process created it between our check and open: it may still be writing.
    for (let i = 0; i < 50 && fs.statSync(file).size === 0; i++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
  return read();
}

/**
 * Start-up step after migrate: every channel secret must decrypt with this key (else the process
 * stops with a clear message), and secrets still stored in plain text (from before encryption) are
 * encrypted. Idempotent; several processes may run it at once (each row is rewritten only if it
 * still holds the plain text it read).
 */
export async function sealStoredSecrets(db: Database, secrets: Secrets): Promise<{ sealed: number }> {
  const rows = await db.kysely.selectFrom('channels').select(['id', 'settings']).execute();
  let sealed = 0;
  for (const r of rows) {
    const settings = decodeJson<unknown>(r.settings, {});
    // Throws SecretKeyError when the key is wrong.
    secrets.openSettings(settings);
    const next = encodeJson(secrets.sealSettings(settings));
    if (next === encodeJson(settings)) continue;
    const res = await db.kysely
      .updateTable('channels')
      .set({ settings: next })
      .where('id', '=', r.id)
      .where('settings', '=', r.settings)
      .executeTakeFirst();
    sealed += Number(res.numUpdatedRows);
  }
  return { sealed };
}
