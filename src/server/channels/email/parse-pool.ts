/**
 * Received mail is parsed, and its sender authenticated, on worker threads (never on the event
 * loop, whatever the number of cores), so SMTP sessions, API requests and commits go on while a
 * message is taken apart. A message that takes longer than its time budget (PARSE_TIMEOUT_MS), or
 * kills its worker, is kept raw as message.eml like any unreadable mail.
 */
import os from 'node:os';
import { WorkerPool, WorkTimeout } from '../../worker-pool.js';
import { checkSender, isDkimSigned, NOT_CHECKED, type SenderAuth, type SenderCheck } from './authentication.js';
import { inlineAttachmentUrl } from '../../../common/attachment-urls.js';
import { parseEmail, unreadableEmail, type ParsedEmail } from './parse.js';

export type ParseJob = { raw: Uint8Array; check?: SenderCheck };

/** Two at least: the first is kept for small messages, so big ones never hold up ordinary mail. */
const size = () => Math.min(4, Math.max(2, (os.availableParallelism?.() ?? os.cpus().length) - 1));
const pool = new WorkerPool<ParseJob, ParsedEmail | SenderAuth>(new URL('./parse-worker.ts', import.meta.url), {
  size: size(),
  timeoutMs: 10_000,
});

/** Starts the parse workers with the time budget one message may take. */
export function startParsePool(timeoutMs: number): void {
  pool.start({ timeoutMs });
}

/** Set in a process that only imports: small messages are parsed on its own thread. */
let smallHere = false;

/**
 * For `switchboard import`, a process of its own that only reads and commits, with nothing else
 * waiting on its event loop: a message up to SMALL_BYTES (cheap whatever it holds) is parsed on its
 * own thread, which spares loading a worker, a V8 isolate of some 70 MB (measured: most of what
 * such a process held beyond its own code). A bigger one still goes to a worker, with its time
 * budget: one, started at the first such message, with a small young generation.
 */
export function parseSmallOnThisThread(): void {
  smallHere = true;
  pool.configure({ size: 1, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
}

/** Mail up to this size is cheap to parse whatever it holds (nesting, addresses and MIME depth are bounded). */
const SMALL_BYTES = 128 * 1024;

/** Structured clone turns Buffers into Uint8Arrays: attachments get their Buffer back. */
function revive(mail: ParsedEmail): ParsedEmail {
  for (const a of mail.attachments) a.content = Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength);
  return mail;
}

/** The parsed message, or the raw message kept as message.eml when parsing failed or ran out of time. */
export async function parseEmailOffThread(raw: Buffer): Promise<ParsedEmail> {
  if (smallHere && raw.length <= SMALL_BYTES) {
    try {
      return await parseEmail(raw, inlineAttachmentUrl);
    } catch (err) {
      return unreadableEmail(raw, err);
    }
  }
  try {
    return revive((await pool.run({ raw }, raw.length <= SMALL_BYTES)) as ParsedEmail);
  } catch (err) {
    const budget = pool.timeoutMs >= 1000 ? `${pool.timeoutMs / 1000} s` : `${pool.timeoutMs} ms`;
    const why = err instanceof WorkTimeout ? `it took longer than ${budget} to read` : err;
    return unreadableEmail(raw, why);
  }
}

/**
 * Sender authentication (SPF, DKIM, DMARC): a signed message on a worker too, since DKIM hashes the
 * whole message; an unsigned one here (SPF and DMARC are DNS answers, not work). A check that
 * fails or runs out of time counts as unverified, never as passed.
 */
export async function checkSenderOffThread(raw: Buffer, check: SenderCheck): Promise<SenderAuth> {
  if (!isDkimSigned(raw)) return checkSender(raw, check);
  try {
    return (await pool.run({ raw, check }, raw.length <= SMALL_BYTES)) as SenderAuth;
  } catch {
    return { ...NOT_CHECKED, summary: 'unverified' };
  }
}

export async function closeParsePool(): Promise<void> {
  await pool.close();
}
