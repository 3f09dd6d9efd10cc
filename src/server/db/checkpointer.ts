import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * 32,768 frames of 4 KB: 128 MB. Each RESTART holds writers back for its copy and syncs (10 to
 * 30 ms here), so it should come seldom: at 1,000 chat messages a second the WAL grows ~36 MB a
 * second, and 16 MB made that a stall twice a second, in the path of several percent of messages.
 */
const RESTART_FRAMES = 32768;

/**
 * SQLite WAL checkpoints off the main thread. A checkpoint copies the WAL into the database
 * file and syncs both, which takes tens of milliseconds on a busy disk; run by the committing
 * connection (SQLite's default) it would stall every socket and request for that long. The main
 * connection therefore turns auto-checkpoints off and this worker, on its own connection, runs
 * passive checkpoints (they never block writers or readers) twice a second.
 *
 * Under a steady stream of commits a passive checkpoint never finds the WAL fully copied at the
 * moment a writer starts, so the WAL would never start over: it grew to 740 MB in 25 s of the chat
 * benchmark, every page read searched a longer WAL index, and every sync also had to flush the
 * growing file's size. So once the WAL holds more than RESTART_FRAMES, a passive checkpoint is
 * followed by a RESTART one, after passive ones have copied what was written meanwhile. RESTART
 * holds the write lock while it copies the rest and syncs (a transaction's `begin` meanwhile is
 * tried again without blocking the event loop: Database.transaction), and the next commit writes
 * the WAL from its start again, over blocks the file already has.
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
       const tick = () => {
         try {
           let [r] = db.pragma('wal_checkpoint(PASSIVE)');
           if (r && r.log > workerData.restartFrames) {
             // Copy what was written meanwhile first: RESTART holds the write lock while it copies.
             for (let i = 0; i < 4 && r.log - r.checkpointed > 64; i++) [r] = db.pragma('wal_checkpoint(PASSIVE)');
             db.pragma('busy_timeout = 50');
             try { db.pragma('wal_checkpoint(RESTART)'); } finally { db.pragma('busy_timeout = 1000'); }
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
