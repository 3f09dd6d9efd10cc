/**
 * Hostile frames for the agent stream and the widget socket, and a sender that puts each one on a
 * socket followed by a probe whose answer shows the server went on handling that socket.
 */
import WebSocket from 'ws';
import { deep, hostileString, hostileValue, mutate, pick, type Rand } from './hostile.js';

/** A frame as sent: text (possibly not JSON, possibly invalid UTF-8) or binary. */
export interface Frame {
  label: string;
  data: string | Buffer;
  binary?: boolean;
}

const json = (label: string, v: unknown): Frame => ({ label, data: JSON.stringify(v) });

/** What every socket gets whatever its protocol: not JSON, binary, invalid UTF-8, deep nesting, wrong shapes. */
function anySocket(): Frame[] {
  return [
    { label: 'not JSON', data: 'not json' },
    { label: 'half JSON', data: '{"type":"presence"' },
    { label: 'empty', data: '' },
    { label: 'a NUL alone', data: '\u0000' },
    { label: 'JSON null', data: 'null' },
    { label: 'JSON array', data: '[]' },
    { label: 'JSON number', data: '1e999' },
    { label: 'JSON string', data: '"presence"' },
    { label: 'binary garbage', data: Buffer.from([0, 1, 2, 255, 254, 0]), binary: true },
    { label: 'binary JSON', data: Buffer.from(JSON.stringify({ type: 'ping' })), binary: true },
    { label: 'invalid UTF-8 text', data: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), binary: false },
    { label: 'deep array', data: '['.repeat(3000) + ']'.repeat(3000) },
    json('deep object', deep(3000, 'object')),
    json('type is a number', { type: 1 }),
    json('type with NUL', { type: 'pi\u0000ng' }),
    json('NUL key', { type: 'ping', ['\u0000']: 1 }),
    { label: 'over the frame limit', data: JSON.stringify({ type: 'ping', pad: 'x'.repeat(70_000) }) },
  ];
}

/** The agent stream: the original report (NUL in a presence frame's conversation id) and its variants. */
export function streamFrames(r: Rand, randomCount: number): Frame[] {
  const p = (conversationId: unknown, state: unknown = 'viewing', extra: Record<string, unknown> = {}) => ({
    type: 'presence',
    conversationId,
    state,
    ...extra,
  });
  const fixed = [
    json('the report: NUL inside conversationId', p('a\u0000b')),
    json('NUL first', p('\u0000abc')),
    json('NUL last', p('abc\u0000')),
    json('only NUL', p('\u0000')),
    json('NUL typing', p('a\u0000b', 'typing')),
    json('NUL left', p('a\u0000b', 'left')),
    json('NUL in state', p('abc', 'view\u0000ing')),
    json('NUL in an extra field', p('abc', 'viewing', { note: '\u0000' })),
    json('lone high surrogate', p('\ud800')),
    json('lone low surrogate', p('a\udfffb')),
    json('surrogates around NUL', p('\ud800\u0000\udfff')),
    json('long id', p('x'.repeat(60_000))),
    json('id is a number', p(1)),
    json('id is an array', p(['a'])),
    json('id is an object', p({ a: 1 })),
    json('id is null', p(null)),
    json('id is deep', p(deep(3000))),
    json('state is a number', p('abc', 1)),
    json('ping with NUL field', { type: 'ping', x: '\u0000' }),
    ...anySocket(),
  ];
  const random = Array.from({ length: randomCount }, (_, i) => {
    const m = mutate(r, pick(r, [p('abc'), p('abc', 'typing'), { type: 'ping' }]));
    return json(`random stream frame ${i}`, m);
  });
  return [...fixed, ...random];
}

const hello = { type: 'hello', token: 'x', userId: 'u1', hash: 'h', name: 'Visitor', email: 'v@example.com', page: 'http://shop.example/' };

/** Widget frames that need no introduction (hello itself, garbage). */
export function widgetHelloFrames(r: Rand, randomCount: number): Frame[] {
  const fixed = [
    ...(['token', 'userId', 'hash', 'name', 'email', 'page'] as const).flatMap((k) => [
      json(`hello: NUL in ${k}`, { type: 'hello', [k]: 'a\u0000b' }),
      json(`hello: lone surrogate in ${k}`, { type: 'hello', [k]: 'a\ud800b' }),
      json(`hello: ${k} is an object`, { type: 'hello', [k]: { a: 1 } }),
    ]),
    ...anySocket(),
  ];
  const random = Array.from({ length: randomCount }, (_, i) => json(`random hello ${i}`, mutate(r, hello)));
  return [...fixed, ...random];
}

/** Widget frames sent after a good hello: messages, typing, email. */
export function widgetFrames(r: Rand, randomCount: number): Frame[] {
  const msg = (text: unknown, clientId: unknown = 'abcdefgh12') => ({ type: 'message', clientId, text });
  const fixed = [
    json('message: NUL in text', msg('hello\u0000there')),
    json('message: only NUL', msg('\u0000')),
    json('message: NUL in clientId', msg('hi', 'abcd\u0000efgh')),
    json('message: lone surrogates', msg('a\ud800b\udfff')),
    json('message: surrogate pair split by NUL', msg('\ud83d\u0000\ude00')),
    json('message: too long', msg('x'.repeat(10_001))),
    json('message: text is a number', msg(5)),
    json('message: text is deep', msg(deep(3000))),
    json('typing: on is a string', { type: 'typing', on: 'yes' }),
    json('viewing: NUL', { type: 'viewing', on: '\u0000' }),
    json('email: NUL', { type: 'email', email: 'a\u0000@example.com' }),
    json('email: lone surrogate', { type: 'email', email: 'a\ud800@example.com' }),
    json('second hello with NUL', { type: 'hello', name: '\u0000' }),
  ];
  const templates = [msg('hello'), { type: 'typing', on: true }, { type: 'viewing', on: false }, { type: 'email', email: 'v@example.com' }];
  const random = Array.from({ length: randomCount }, (_, i) => {
    const t = pick(r, templates);
    // A message with a fresh client id each time, so the random ones are real attempts to store.
    const base = t.type === 'message' ? { ...t, clientId: `r${i.toString(36).padStart(9, '0')}` } : t;
    return json(`random widget frame ${i}`, r() < 0.2 ? { ...base, text: hostileString(r) } : mutate(r, base));
  });
  return [...fixed, ...random, json('random value', hostileValue(r))];
}

/** A socket that records what it receives and how it closed. */
export class ProbeSocket {
  readonly received: any[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      try {
        this.received.push(JSON.parse(String(raw)));
      } catch {
        this.received.push({ unparsable: String(raw) });
      }
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
      this.wake();
    });
    ws.on('error', () => undefined);
  }

  private wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  static async open(url: string, headers: Record<string, string>): Promise<ProbeSocket> {
    const ws = new WebSocket(url, { headers });
    const s = new ProbeSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_q, res) => reject(new Error(`refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
    return s;
  }

  /** Resolves once `pred` holds for a received message or the socket closed; rejects after `ms`. */
  async until(pred: (m: any) => boolean, ms: number, what: string): Promise<any> {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = this.received.find(pred);
      if (hit || this.closed) return hit;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no answer to ${what} within ${ms} ms; received ${JSON.stringify(this.received).slice(-400)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => (clearTimeout(t), resolve()));
      });
    }
  }

  send(f: Frame): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(f.data, { binary: f.binary ?? Buffer.isBuffer(f.data) });
  }

  close(): void {
    this.ws.close();
  }
}

/** Words of a database's error text that must never reach a client. */
export const databaseWords = /postgres|sqlite|syntax|byte sequence|0x00|violates|relation |column |SQLSTATE|constraint/i;

export interface FrameRun {
  /** Frames answered, by how the socket ended up (open, or the close code). */
  outcomes: Map<string, number>;
}

const note = (run: FrameRun, k: string) => run.outcomes.set(k, (run.outcomes.get(k) ?? 0) + 1);

/**
 * Sends each frame on an agent stream (a fresh socket when the last one closed; the first frames
 * go before `ready`), then a presence probe on a real conversation; the probe's answer (or a
 * close that is not a server failure) means the server went on. `check` runs after each frame.
 */
export async function runStreamFrames(
  baseUrl: string,
  cookie: string,
  probeConversationId: string,
  frames: Frame[],
  check: (f: Frame) => Promise<void>,
): Promise<FrameRun> {
  const run: FrameRun = { outcomes: new Map() };
  const url = `${baseUrl.replace(/^http/, 'ws')}/api/v1/stream`;
  let s: ProbeSocket | null = null;
  for (const f of frames) {
    if (!s || s.closed) s = await ProbeSocket.open(url, { origin: baseUrl, cookie });
    s.received.length = 0;
    s.send(f);
    s.send({ label: 'probe', data: JSON.stringify({ type: 'presence', conversationId: probeConversationId, state: 'viewing' }) });
    await s.until((m) => m.type === 'presence' && m.conversationId === probeConversationId, 15_000, `stream frame "${f.label}"`);
    if (s.closed && s.closed.code === 1011) throw new Error(`stream frame "${f.label}" made the server fail (closed 1011)`);
    for (const m of s.received) {
      if (m.type === 'error' && (/went wrong/i.test(m.message) || databaseWords.test(m.message)))
        throw new Error(`stream frame "${f.label}" answered ${JSON.stringify(m).slice(0, 300)}`);
    }
    note(run, s.closed ? `closed ${s.closed.code}` : 'answered');
    await check(f);
  }
  s?.close();
  return run;
}

/**
 * Sends each frame on a widget socket (after a good hello unless `introduce` is false), then a
 * ping; the pong (frames are handled in order) or a clean close means the server went on. An
 * error that is a server failure, or that shows a database's words, fails.
 */
export async function runWidgetFrames(
  baseUrl: string,
  channelId: string,
  origin: string,
  frames: Frame[],
  introduce: boolean,
  check: (f: Frame) => Promise<void>,
): Promise<FrameRun> {
  const run: FrameRun = { outcomes: new Map() };
  const url = `${baseUrl.replace(/^http/, 'ws')}/api/v1/widget/socket?channel=${encodeURIComponent(channelId)}`;
  let s: ProbeSocket | null = null;
  for (const f of frames) {
    if (!s || s.closed) {
      s = await ProbeSocket.open(url, { origin });
      if (introduce) {
        s.send({ label: 'hello', data: JSON.stringify({ type: 'hello' }) });
        await s.until((m) => m.type === 'welcome', 15_000, 'hello');
      }
    }
    s.received.length = 0;
    s.send(f);
    s.send({ label: 'probe', data: JSON.stringify({ type: 'ping' }) });
    await s.until((m) => m.type === 'pong', 15_000, `widget frame "${f.label}"`);
    for (const m of s.received) {
      if (m.type === 'error' && (m.code === 'server' || 'detail' in m || databaseWords.test(m.message)))
        throw new Error(`widget frame "${f.label}" answered ${JSON.stringify(m).slice(0, 300)}`);
    }
    if (s.closed && s.closed.code === 1011) throw new Error(`widget frame "${f.label}" made the server fail (closed 1011)`);
    note(run, s.closed ? `closed ${s.closed.code}` : 'answered');
    await check(f);
  }
  s?.close();
  return run;
}
