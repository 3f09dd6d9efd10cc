/** Real SMTP for tests: a sender over sockets (nodemailer) and a capture server for outbound mail. */
import nodemailer from 'nodemailer';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SendResult {
  ok: boolean;
  code?: number;
  response?: string;
}

/** Sends raw RFC 5322 text to our receiver; resolves with the final SMTP answer. */
export async function sendRaw(port: number, to: string | string[], raw: string | Buffer, from = 'sender@example.org'): Promise<SendResult> {
  const t = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 10_000,
    socketTimeout: 30_000,
  });
  try {
    const info = await t.sendMail({ envelope: { from, to: Array.isArray(to) ? to : [to] }, raw });
    return { ok: true, code: 250, response: info.response };
  } catch (err) {
    const e = err as { responseCode?: number; response?: string; message: string };
    return { ok: false, code: e.responseCode, response: e.response ?? e.message };
  } finally {
    t.close();
  }
}

let seq = 0;
/** A small, well-formed email. */
export function mail(o: {
  from?: string;
  fromName?: string;
  to: string;
  subject?: string;
  text?: string;
  html?: string;
  messageId?: string | null;
  inReplyTo?: string;
  references?: string;
  headers?: Record<string, string>;
}): string {
  const id = o.messageId === undefined ? `<t${Date.now()}.${++seq}.${Math.random().toString(36).slice(2)}@example.org>` : o.messageId;
  const h: string[] = [
    `From: ${o.fromName ? `"${o.fromName}" ` : ''}<${o.from ?? 'customer@example.org'}>`,
    `To: <${o.to}>`,
    `Subject: ${o.subject ?? 'Hello'}`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
  ];
  if (id) h.push(`Message-ID: ${id}`);
  if (o.inReplyTo) h.push(`In-Reply-To: ${o.inReplyTo}`);
  if (o.references) h.push(`References: ${o.references}`);
  for (const [k, v] of Object.entries(o.headers ?? {})) h.push(`${k}: ${v}`);
  if (o.html) {
    const b = 'b' + Math.random().toString(36).slice(2);
    return [
      ...h,
      `Content-Type: multipart/alternative; boundary="${b}"`,
      '',
      `--${b}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      o.text ?? 'text part',
      `--${b}`,
      'Content-Type: text/html; charset=utf-8',
      '',
      o.html,
      `--${b}--`,
      '',
    ].join('\r\n');
  }
  return [...h, 'Content-Type: text/plain; charset=utf-8', '', o.text ?? 'Hello there', ''].join('\r\n');
}

export interface Captured {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  parsed: ParsedMail;
}

/**
 * A local SMTP server that keeps what it receives: the outbound relay in tests. With `login`, it
 * offers AUTH on the plain connection and takes mail only from a client that logged in with it.
 */
export async function startCapture(
  opts: { reject?: () => number | null; login?: { user: string; pass: string } } = {},
): Promise<{ port: number; url: string; messages: Captured[]; close(): Promise<void> }> {
  const messages: Captured[] = [];
  const login = opts.login;
  const server = new SMTPServer({
    authOptional: !login,
    allowInsecureAuth: !!login,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 500,
    onAuth(a, _s, cb) {
      if (login && (a.username !== login.user || a.password !== login.pass)) return cb(new Error('Invalid username or password'));
      cb(null, { user: a.username ?? 'x' });
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const code = opts.reject?.();
        if (code) return cb(Object.assign(new Error('rejected by test'), { responseCode: code }));
        const raw = Buffer.concat(chunks);
        messages.push({
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          raw,
          parsed: await simpleParser(raw),
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { port, url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 15_000,
  /** What to add to the error when it times out (the state that explains why). */
  explain?: () => Promise<string> | string,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${explain ? `: ${await explain()}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
