import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * SQLite WAL checkpoints off the main thread. A checkpoint copies the WAL into the database
 * file and syncs both, which takes tens of milliseconds on a busy disk; run by the committing
 * connection (SQLite's default) it would stall every socket and request for that long. The main
 * connection therefore turns auto-checkpoints off and this worker, on its own connection, runs
 * passive checkpoints (they never block writers or readers) twice a second.
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
       const tick = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} };
       const timer = setInterval(tick, workerData.intervalMs);
       parentPort.on('message', () => { clearInterval(timer); tick(); db.close(); process.exit(0); });`,
      { eval: true, workerData: { driver, file, intervalMs } },
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
