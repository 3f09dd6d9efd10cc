/**
 * An import run: each message of the source through the one inbound path (`recordInbound`, in
 * batches that share a transaction and a disk sync), as history (`InboundHistory`). Its position
 * and counts commit with the messages, so a run stopped or killed goes on from there without
 * duplicates (and a message seen again is a duplicate by its Message-ID, or by a hash of its bytes
 * when it has none). When the source is done, the conversations it wrote into are settled.
 */
import path from 'node:path';
import { trustedAuthResults } from '../channels/email/authentication.js';
import { emailInbound, type EmailChannelSettings } from '../channels/email/ingest.js';
import { parseEmailOffThread } from '../channels/email/parse-pool.js';
import { unreadableEmail, type ParsedEmail } from '../channels/email/parse.js';
import { decodeJson } from '../db/json.js';
import type { ImportsTable } from '../db/schema-imports.js';
import type { Ctx, Writer } from '../domain/context.js';
import { channelById, recordInbound, recordInboundBatch, type InboundMessage } from '../domain/inbound.js';
import { threadKey } from '../domain/threading.js';
import { removeFile } from '../files/store.js';
import { dateOf, teamAddresses, teamSent } from './history.js';
import { emlFiles, maildirFiles, readFiles } from './maildir.js';
import { readMbox } from './mbox.js';
import { settleImport } from './settle.js';
import type { SourceMessage } from './source-message.js';
import { importById } from './start.js';

/** Messages a transaction carries at most, and the bytes read ahead at most (one batch parsing while one commits). */
const BATCH = 64;
const BATCH_BYTES = 16 * 1024 * 1024;

export interface RunOptions {
  /** Called after each batch with the run as it stands. */
  onProgress?: (run: ImportsTable) => void;
  /** Aborted: the run stops after the batch at work (status `stopped`, resumable). */
  signal?: AbortSignal;
  /** What "now" is for the dates' bounds and for "recent" (tests); the clock otherwise. */
  now?: number;
}

function reader(run: ImportsTable, maxBytes: number): AsyncGenerator<SourceMessage> {
  const opts = { position: run.position, maxBytes };
  if (run.format === 'mbox') return readMbox(run.source, { ...opts, variant: run.variant ?? 'mboxrd' });
  const maildir = run.format === 'maildir';
  return readFiles(run.source, maildir ? maildirFiles(run.source) : emlFiles(run.source), { ...opts, maildir });
}

/** The next batch from the source: up to BATCH messages or BATCH_BYTES bytes. */
async function nextBatch(source: AsyncGenerator<SourceMessage>): Promise<SourceMessage[]> {
  const out: SourceMessage[] = [];
  let bytes = 0;
  while (out.length < BATCH && bytes < BATCH_BYTES) {
    const r = await source.next();
    if (r.done) break;
    out.push(r.value);
    bytes += r.value.raw.length;
  }
  return out;
}

const mb = (n: number) => `${Math.round(n / 1024 / 102.4) / 10} MB`;

/** Parses a message on the worker threads, like live mail; one over the size limit is kept raw (its start). */
function parsed(m: SourceMessage, maxBytes: number): Promise<ParsedEmail> {
  if (m.oversize)
    return Promise.resolve(
      unreadableEmail(m.raw, `it is ${mb(m.size)}, over the import's limit of ${mb(maxBytes)}: its first ${mb(maxBytes)} are attached`),
    );
  return parseEmailOffThread(m.raw);
}

/** Runs (or resumes) the import `id` to the end of its source, or until `signal` stops it. */
export async function runImport(ctx: Ctx, id: string, opts: RunOptions = {}): Promise<ImportsTable> {
  const k = ctx.db.kysely;
  const run = await importById(ctx, id);
  if (!run) throw new Error(`No import ${id}`);
  if (run.status === 'done') return run;
  const ch = (await channelById(ctx.db, k, [run.channel_id])).rows[0];
  if (!ch) throw new Error('The import’s email channel is gone');
  const now = opts.now ?? Date.now();
  const settings = decodeJson<EmailChannelSettings>(ch.settings, {});
  const [team, key] = await Promise.all([teamAddresses(ctx, run.inbox_id), threadKey(ctx.db)]);
  const env = ctx.mail;
  const maxBytes = env.maxMessageBytes;
  await k
    .updateTable('imports')
    .set({ status: 'running', error: null, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .execute();

  const source = reader(run, maxBytes);
  const parseAll = (b: SourceMessage[]) => Promise.all(b.map((m) => parsed(m, maxBytes)));
  let batch = await nextBatch(source);
  let parsing = parseAll(batch);
  try {
    while (batch.length) {
      const mails = await parsing;
      const current = batch;
      // The next batch is read and parsed while this one commits.
      batch = opts.signal?.aborted ? [] : await nextBatch(source);
      parsing = parseAll(batch);
      await recordBatch(ctx, run, current, mails, { team, key, settings, now, ch });
      opts.onProgress?.((await importById(ctx, id))!);
    }
    if (!opts.signal?.aborted) {
      await settleImport(ctx, id, now);
      await k
        .updateTable('imports')
        .set({ status: 'done', finished_at: new Date().toISOString(), updated_at: new Date().toISOString() })
        .where('id', '=', id)
        .execute();
    } else await k.updateTable('imports').set({ status: 'stopped', updated_at: new Date().toISOString() }).where('id', '=', id).execute();
  } catch (err) {
    // The source went away or the database refused: the run stops where it stands (resumable).
    await k
      .updateTable('imports')
      .set({ status: 'stopped', error: String((err as Error)?.message ?? err).slice(0, 1000), updated_at: new Date().toISOString() })
      .where('id', '=', id)
      .execute();
    throw err;
  } finally {
    await parsing.catch(() => undefined);
    await source.return(undefined);
  }
  return (await importById(ctx, id))!;
}

interface BatchEnv {
  team: Map<string, string | null>;
  key: Buffer;
  settings: EmailChannelSettings;
  now: number;
  ch: Parameters<typeof emailInbound>[2];
}

/** One batch: its messages recorded in one transaction (each on its own if one fails), its counts and position with them. */
async function recordBatch(ctx: Ctx, run: ImportsTable, batch: SourceMessage[], mails: ParsedEmail[], e: BatchEnv): Promise<void> {
  const env = ctx.mail;
  const msgs: InboundMessage[] = [];
  const files: string[][] = [];
  const kept: SourceMessage[] = [];
  let skipped = 0;
  let skippedBytes = 0;
  for (const [i, m] of batch.entries()) {
    // A message marked trashed in the mail client was deleted there: not brought in.
    if (m.flags?.trashed) {
      skipped++;
      skippedBytes += m.size;
      continue;
    }
    const { msg, files: saved } = await inboundOf(ctx, run, m, mails[i]!, e);
    msgs.push(msg);
    files.push(saved);
    kept.push(m);
  }
  const { results, durable } = msgs.length ? await recordInboundBatch(ctx, msgs) : { results: [], durable: Promise.resolve() };
  await durable;
  let duplicates = 0;
  let dupBytes = 0;
  let errors = 0;
  let errorBytes = 0;
  for (const [i, r] of results.entries()) {
    if (r.ok && !r.value.duplicate) continue;
    for (const f of files[i]!) removeFile(env.filesDir, f);
    if (r.ok) {
      duplicates++;
      dupBytes += kept[i]!.size;
    } else if (!(await keptRaw(ctx, run, kept[i]!, r.error, e))) {
      errors++;
      errorBytes += kept[i]!.size;
      console.error(
        `import: the message at ${kept[i]!.at} of ${path.basename(run.source)} could not be recorded:`,
        (r.error as Error)?.message ?? r.error,
      );
    }
  }
  const k = ctx.db.kysely;
  await k
    .updateTable('imports')
    .set((eb) => ({
      messages: eb('messages', '+', skipped + duplicates + errors),
      duplicates: eb('duplicates', '+', duplicates),
      skipped: eb('skipped', '+', skipped),
      failed: eb('failed', '+', errors),
      bytes: eb('bytes', '+', skippedBytes + dupBytes + errorBytes),
      position: batch[batch.length - 1]!.next,
      updated_at: new Date().toISOString(),
    }))
    .where('id', '=', run.id)
    .execute();
  await ctx.db.durable();
}

/** The message as the inbound path takes it, as history: its date, and the team's own mail as an agent's reply. */
async function inboundOf(ctx: Ctx, run: ImportsTable, m: SourceMessage, mail: ParsedEmail, e: BatchEnv) {
  const env = ctx.mail;
  const auth = trustedAuthResults(m.raw, env.trustedAuthservIds ?? []);
  const sent = mail.unreadable ? null : teamSent(mail.from.email, mail.recipients, e.team);
  const built = await emailInbound(ctx, env, e.ch, e.settings, mail, auth, e.key, null);
  const msg = built.msg;
  if (sent) {
    msg.contact = { email: sent.customer.email, name: sent.customer.name ?? undefined };
    msg.folder = 'inbox';
  }
  const failed = mail.unreadable ? 1 : 0;
  msg.history = { at: dateOf(mail.date, m.fallbackDate, e.now), team: sent ? { userId: sent.userId } : null };
  msg.afterRecord = (w, r) => noteRecorded(w, run, m, r.conversationId, { failed, team: !!sent, latest: !!r.latest });
  return built;
}

/** A message the inbound path refused: kept raw (as unreadable mail is) rather than lost; false if even that fails. */
async function keptRaw(ctx: Ctx, run: ImportsTable, m: SourceMessage, err: unknown, e: BatchEnv): Promise<boolean> {
  let files: string[] = [];
  try {
    const built = await inboundOf(ctx, run, m, unreadableEmail(m.raw, err), e);
    files = built.files;
    const r = await recordInbound(ctx, built.msg);
    if (r.duplicate) for (const f of files) removeFile(ctx.mail.filesDir, f);
    return !r.duplicate;
  } catch {
    for (const f of files) removeFile(ctx.mail.filesDir, f);
    return false;
  }
}

/** In the message's own transaction: the run's counts and position, and the conversation to settle at the end. */
async function noteRecorded(
  w: Writer,
  run: ImportsTable,
  m: SourceMessage,
  conversationId: string,
  { failed, team, latest }: { failed: number; team: boolean; latest: boolean },
): Promise<void> {
  await w.trx
    .updateTable('imports')
    .set((eb) => ({
      messages: eb('messages', '+', 1),
      imported: eb('imported', '+', 1 - failed),
      failed: eb('failed', '+', failed),
      bytes: eb('bytes', '+', m.size),
      position: m.next,
    }))
    .where('id', '=', run.id)
    .execute();
  // Only a conversation this message is the newest of is the import's to settle (never a live one it filled in the past of).
  if (!latest) return;
  const flags = m.flags;
  const repliedAt = flags?.replied && !team ? w.at : null;
  await w.trx
    .insertInto('import_conversations')
    .values({ import_id: run.id, conversation_id: conversationId, flagged: flags?.flagged ? 1 : 0, replied_at: repliedAt })
    .onConflict((oc) =>
      oc.columns(['import_id', 'conversation_id']).doUpdateSet((eb) => ({
        flagged: flags?.flagged ? 1 : eb.ref('import_conversations.flagged'),
        replied_at: repliedAt ?? eb.ref('import_conversations.replied_at'),
      })),
    )
    .execute();
}
