/** `switchboard import`: a progress line (messages, bytes, rate, time left) while it runs, a summary at the end. */
import path from 'node:path';
import type { Ctx } from '../domain/context.js';
import type { ImportsTable } from '../db/schema-imports.js';
import { runImport } from './run.js';
import { importConversations, startImport, type ImportRequest } from './start.js';

const n = (x: number) => Math.round(x).toLocaleString('en');
const size = (b: number) => (b >= 1024 ** 3 ? `${(b / 1024 ** 3).toFixed(2)} GB` : `${(b / 1024 ** 2).toFixed(1)} MB`);
function duration(s: number): string {
  if (!Number.isFinite(s)) return '…';
  if (s < 60) return `${Math.ceil(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/** "12,000 messages · 61.2 MB of 500.0 MB (12%) · 1,234 messages/s · 6 min 2 s left" */
export function progressLine(run: ImportsTable, startBytes: number, startMessages: number, seconds: number): string {
  const rate = (run.messages - startMessages) / Math.max(seconds, 0.001);
  const byteRate = (run.bytes - startBytes) / Math.max(seconds, 0.001);
  const pct = run.total_bytes ? Math.min(100, Math.floor((100 * run.bytes) / run.total_bytes)) : 100;
  const left = byteRate > 0 ? (run.total_bytes - run.bytes) / byteRate : Infinity;
  return `${n(run.messages)} messages · ${size(run.bytes)} of ${size(run.total_bytes)} (${pct}%) · ${n(rate)} messages/s · ${duration(left)} left`;
}

export async function importCommand(ctx: Ctx, req: ImportRequest, out: (line: string) => void = console.log): Promise<ImportsTable> {
  const run = await startImport(ctx, req);
  const inbox = await ctx.db.kysely.selectFrom('inboxes').select('name').where('id', '=', run.inbox_id).executeTakeFirstOrThrow();
  const what = `${path.basename(run.source)} (${run.format}${run.variant ? `, ${run.variant}` : ''})`;
  out(
    run.position
      ? `Going on with the import of ${what} into ${inbox.name} from where it stopped (${n(run.messages)} messages done).`
      : `Importing ${what} into ${inbox.name}.`,
  );
  const stop = new AbortController();
  const onSigint = () => {
    out('\nStopping after the messages at work…');
    stop.abort();
  };
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigint);
  const began = performance.now();
  let lastShown = 0;
  const tty = process.stdout.isTTY;
  try {
    const done = await runImport(ctx, run.id, {
      signal: stop.signal,
      onProgress: (r) => {
        const t = performance.now();
        if (!tty && t - lastShown < 10_000) return;
        lastShown = t;
        const line = progressLine(r, Number(run.bytes), run.messages, (t - began) / 1000);
        if (tty) process.stdout.write(`\r${line.padEnd(100)}`);
        else out(line);
      },
    });
    if (tty) process.stdout.write('\n');
    const seconds = (performance.now() - began) / 1000;
    const convs = await importConversations(ctx, run.id);
    const counts = `${n(done.imported)} imported, ${n(done.duplicates)} duplicates, ${n(done.failed)} kept raw (unreadable or too large), ${n(done.skipped)} skipped (trashed)`;
    if (done.status === 'done')
      out(
        `Imported ${what} into ${inbox.name} in ${duration(seconds)}: ${n(done.messages)} messages (${counts}); ` +
          `${n(convs.all)} conversations, ${n(convs.open)} left open.`,
      );
    else out(`Stopped after ${n(done.messages)} messages (${counts}). Run the same command again to go on from there.`);
    return done;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}
