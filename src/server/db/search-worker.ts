/**
 * The search indexer's thread (see search-store.ts and search-indexer.ts): folds queued text into
 * the search database every 50 ms, or at once when the main thread waits for it, and reports the
 * last queue id applied. A rebuild goes first, a slice per turn (so a close is heard between
 * slices), reporting its progress after each. It has its own connections: the search file
 * (written only here) and the main database, read-only.
 */
import SQLite from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { applyQueue, rebuildProgress, rebuildStep, searchFileOf } from './search-store.js';

const { file, intervalMs, rebuildSlice, rebuildGate } = workerData as {
  file: string;
  intervalMs: number;
  rebuildSlice: number;
  /** Tests: the rebuild slices still allowed (negative: any number); at 0 the rebuild waits. */
  rebuildGate?: Int32Array;
};
const search = new SQLite(searchFileOf(file));
search.pragma('busy_timeout = 5000');
// The queue is pruned once applied, so what is applied must survive a power cut: this thread's syncs cost the main thread nothing.
search.pragma('synchronous = FULL');
const main = new SQLite(file, { readonly: true });
main.pragma('busy_timeout = 5000');

let timer: NodeJS.Timeout | undefined;
let reported = -1;
let rebuilding = true;
function tick() {
  clearTimeout(timer);
  let next = intervalMs;
  try {
    if (rebuilding) rebuildSliceOnce();
    // The next slice in the next turn (a held one, in tests, is looked at again later).
    if (rebuilding) next = rebuildGate && Atomics.load(rebuildGate, 0) === 0 ? intervalMs : 0;
    else {
      let applied: number;
      let before: number;
      do {
        before = reported;
        applied = applyQueue(search, main);
        if (applied !== reported) parentPort!.postMessage({ applied: (reported = applied) });
      } while (applied !== before);
    }
  } catch (e) {
    parentPort!.postMessage({ error: String((e as Error)?.message ?? e) });
  }
  timer = setTimeout(tick, next);
}

let progress = '';
function rebuildSliceOnce() {
  const allowed = rebuildGate ? Atomics.load(rebuildGate, 0) : -1;
  if (allowed !== 0) {
    if (allowed > 0) Atomics.sub(rebuildGate!, 0, 1);
    rebuildStep(search, main, rebuildSlice);
  }
  const now = rebuildProgress(search);
  rebuilding = now.building;
  if (JSON.stringify(now) !== progress) parentPort!.postMessage({ progress: now });
  progress = JSON.stringify(now);
}

parentPort!.on('message', (m: 'tick' | 'close') => {
  if (m === 'tick') return tick();
  clearTimeout(timer);
  search.close();
  main.close();
  process.exit(0);
});
tick();
