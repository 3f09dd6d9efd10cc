/**
 * Received mail is parsed on worker threads, so the event loop goes on serving SMTP sessions and
 * committing while a message is taken apart (mailparser costs about a quarter of a message's
 * handling). One worker per spare core; with none spare, or if a worker fails, parsing happens
 * here as before.
 */
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../../ts-worker.js';
import { checkSender, type SenderAuth, type SenderCheck } from './authentication.js';
import { attachmentUrl, parseEmail, type ParsedEmail } from './parse.js';

type Pending = { resolve(m: any): void; reject(e: unknown): void };

class ParseWorker {
  readonly worker: Worker;
  readonly pending = new Map<number, Pending>();
  constructor(onExit: (w: ParseWorker) => void) {
    this.worker = startTsWorker(new URL('./parse-worker.ts', import.meta.url));
    this.worker.on('message', (m: { id: number; mail?: ParsedEmail; senderAuth?: SenderAuth; error?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (!p) return;
      if (m.senderAuth) p.resolve(m.senderAuth);
      else if (m.mail) p.resolve(revive(m.mail));
      else p.reject(new Error(m.error ?? 'parse failed'));
    });
    this.worker.on('error', () => undefined);
    this.worker.on('exit', () => {
      for (const p of this.pending.values()) p.reject(new Error('parse worker exited'));
      this.pending.clear();
      onExit(this);
    });
  }
}

/** Structured clone turns Buffers into Uint8Arrays: attachments get their Buffer back. */
function revive(mail: ParsedEmail): ParsedEmail {
  for (const a of mail.attachments) a.content = Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength);
  return mail;
}

let workers: ParseWorker[] | null = null;
let next = 0;
let seq = 0;

function pool(): ParseWorker[] {
  if (!workers) {
    const size = Math.min(4, Math.max(0, (os.availableParallelism?.() ?? os.cpus().length) - 1));
    workers = [];
    for (let i = 0; i < size; i++) workers.push(new ParseWorker((w) => (workers = workers?.filter((x) => x !== w) ?? null)));
  }
  return workers;
}

/** Parses on a worker when there is one; falls back to this thread when the worker cannot. */
export async function parseEmailOffThread(raw: Buffer): Promise<ParsedEmail> {
  const ws = pool();
  if (!ws.length) return parseEmail(raw, attachmentUrl);
  const w = ws[next++ % ws.length]!;
  const id = ++seq;
  try {
    return await new Promise<ParsedEmail>((resolve, reject) => {
      w.pending.set(id, { resolve, reject });
      w.worker.postMessage({ id, raw });
    });
  } catch {
    return parseEmail(raw, attachmentUrl);
  }
}

/** Sender authentication (SPF, DKIM, DMARC) on a worker too: DKIM hashes the whole message. */
export async function checkSenderOffThread(raw: Buffer, check: SenderCheck): Promise<SenderAuth> {
  const ws = pool();
  if (!ws.length) return checkSender(raw, check);
  const w = ws[next++ % ws.length]!;
  const id = ++seq;
  try {
    return await new Promise<SenderAuth>((resolve, reject) => {
      w.pending.set(id, { resolve, reject });
      w.worker.postMessage({ id, raw, check });
    });
  } catch {
    return checkSender(raw, check);
  }
}

export async function closeParsePool(): Promise<void> {
  const ws = workers ?? [];
  workers = null;
  await Promise.all(ws.map((w) => w.worker.terminate()));
}
