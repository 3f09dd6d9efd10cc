import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** 32,768 frames of 4 KB: 128 MB, about 4 s of WAL at 1,000 chat messages a second. */
const RESTART_FRAMES = 32768;

/**
 * SQLite WAL checkpoints off the main thread. A checkpoint copies the WAL into the database
 * file and syncs both, which takes tens of milliseconds on a busy disk; run by the committing
 * connection (SQLite's default) it would stall every socket and request for that long. The main
 * connection therefore turns auto-checkpoints off and this worker, on its own connection, runs
 * passive checkpoints (they never block writers or readers) twice a second.
 *
 * The WAL only starts over when a write transaction begins while all of it is copied. Under a
 * steady stream of commits a checkpoint every 500 ms never leaves it so: it grew to 740 MB in 25 s
 * of the chat benchmark, every page read searched a longer WAL index, and every sync also had to
 * flush the growing file's size. So once it holds more than RESTART_FRAMES, passive checkpoints
 * follow each other a millisecond apart until a writer has started it over (4 to 16 of them, 8 to
 * 62 ms, in the chat benchmark). Only if none has within 100 ms does a RESTART checkpoint force
 * it: that one holds the write lock while it copies and syncs, which stalled writers for 1 to 26
 * ms each time.
 */
export class Checkpointer {
  private worker: Worker;
  private exited: Promise<void>;

  constructor(file: string, intervalMs = 500) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const db = new (require(workerData.driver))(workerData.file);
       db.pragma('busy_timeout = 1000');
       db.pragma('synchronous = NORMAL');
       const pause = new Int32Array(new SharedArrayBuffer(4));
       const passive = () => db.pragma('wal_checkpoint(PASSIVE)')[0];
       const tick = () => {
         try {
           let r = passive();
           // A write transaction that begins while the whole WAL is copied starts the WAL over
           // itself, without waiting for anyone: so copy, again and again, until one has.
           for (const until = Date.now() + 100; r && r.log > workerData.restartFrames && Date.now() < until; ) {
             Atomics.wait(pause, 0, 0, 1);
             r = passive();
           }
           if (r && r.log > workerData.restartFrames) {
             // Still not within 100 ms (writes follow each other without a gap): RESTART holds the
             // write lock while it copies the rest, and tries without waiting inside SQLite, whose
             // busy handler sleeps 10 to 25 ms at a time with the lock held; a try that finds a
             // reader gives the lock up.
             db.pragma('busy_timeout = 0');
             try {
               for (let i = 0; i < 100 && db.pragma('wal_checkpoint(RESTART)')[0].busy; i++) Atomics.wait(pause, 0, 0, 2);
             } finally { db.pragma('busy_timeout = 1000'); }
           }
         } catch {}
       };
       const timer = setInterval(tick, workerData.intervalMs);
       parentPort.on('message', () => { clearInterval(timer); tick(); db.close(); process.exit(0); });`,
      { eval: true, workerData: { driver, file, intervalMs, restartFrames: RESTART_FRAMES } },
    );
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
  }

  /** A last checkpoint, then the worker's connection closes. */
  async close(): Promise<void> {
    this.worker.ref(); // keeps the process alive until the worker has closed its connection
    this.worker.postMessage('close');
    await this.exited;
  }
}
