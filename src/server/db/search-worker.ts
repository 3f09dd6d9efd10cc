/**
 * The search indexer's thread (see search-store.ts and search-indexer.ts): folds queued text into
 * the search database every 50 ms, or at once when the main thread waits for it, and reports the
 * last queue id applied. It has its own connections: the search file (written only here) and the
 * main database, read-only.
 */
import SQLite from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { applyQueue, rebuildStep, searchFileOf } from './search-store.js';

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const search = new SQLite(searchFileOf(file));
search.pragma('busy_timeout = 5000');
// The queue is pruned once applied, so what is applied must survive a power cut: this thread's syncs cost the main thread nothing.
search.pragma('synchronous = FULL');
const main = new SQLite(file, { readonly: true });
main.pragma('busy_timeout = 5000');

let timer: NodeJS.Timeout | undefined;
let reported = -1;
function tick() {
  clearTimeout(timer);
  try {
    while (rebuildStep(search, main));
    let applied: number;
    let before: number;
    do {
      before = reported;
      applied = applyQueue(search, main);
      if (applied !== reported) parentPort!.postMessage({ applied: (reported = applied) });
    } while (applied !== before);
  } catch (e) {
    parentPort!.postMessage({ error: String((e as Error)?.message ?? e) });
  }
  timer = setTimeout(tick, intervalMs);
}

parentPort!.on('message', (m: 'tick' | 'close') => {
  if (m === 'tick') return tick();
  clearTimeout(timer);
  search.close();
  main.close();
  process.exit(0);
});
tick();
