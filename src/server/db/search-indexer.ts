/**
 * The main thread's handle on the search indexer worker (search-worker.ts): starts it, knows the
 * last queue id it applied and how far a rebuild is, lets a search wait until the index holds
 * everything committed before it, and prunes applied rows from `search_queue`.
 */
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../ts-worker.js';
import type { RebuildProgress } from './search-store.js';

export interface SearchIndexOptions {
  /**
   * Only queue text, never index it here: a process that writes a great deal and serves no search
   * (`switchboard import`) leaves the queue to the server's indexer, which folds it in as it runs
   * or when it starts (each text once, whichever process's indexer takes it: search-store.ts).
   */
  queueOnly?: boolean;
  /** Conversations a rebuild indexes per transaction (default 500; tests use a few). */
  rebuildSlice?: number;
  /**
   * Tests only (set in-process, never from the environment): the rebuild slices still allowed on a
   * shared Int32Array's element 0, negative for any number; at 0 a rebuild waits, held in progress.
   */
  rebuildGate?: Int32Array;
}

const CATCH_UP_LIMIT_MS = 2000;
const PRUNE_EVERY_MS = 5000;

export class SearchIndexer {
  private worker: Worker;
  private exited: Promise<void>;
  private applied = -1;
  private waiting: { target: number; resolve(): void }[] = [];
  private prunedAt = 0;
  lastError: string | null = null;
  /** A rebuild's progress as the worker last reported it. */
  progress: RebuildProgress = { building: false };

  /** `prune(upTo)` deletes applied queue rows on the main connection. */
  constructor(
    private file: string,
    private prune: (upTo: number) => Promise<unknown>,
    private options: SearchIndexOptions = {},
    private intervalMs = 50,
  ) {
    this.worker = this.start();
    this.exited = new Promise((resolve) => (this.onClosed = resolve));
  }

  private closing = false;
  private onClosed!: () => void;

  /** Starts the worker; one that dies (not closed by us) is started again a second later. */
  private start(): Worker {
    const worker = startTsWorker(new URL('./search-worker.ts', import.meta.url), {
      file: this.file,
      intervalMs: this.intervalMs,
      rebuildSlice: this.options.rebuildSlice ?? 500,
      rebuildGate: this.options.rebuildGate,
    });
    worker.on('message', (m: { applied?: number; error?: string; progress?: RebuildProgress }) => {
      if (m.error !== undefined) this.lastError = m.error;
      if (m.progress) {
        this.progress = m.progress;
        // A rebuild goes before the queue: searches waiting for it are answered from what is indexed.
        if (m.progress.building) this.waiting = this.waiting.filter((w) => (w.resolve(), false));
      }
      if (m.applied === undefined) return;
      this.applied = m.applied;
      this.lastError = null;
      this.waiting = this.waiting.filter((w) => (w.target <= m.applied! ? (w.resolve(), false) : true));
      if (Date.now() - this.prunedAt > PRUNE_EVERY_MS) {
        this.prunedAt = Date.now();
        void this.prune(m.applied).catch(() => undefined);
      }
    });
    worker.on('error', (e) => (this.lastError = String(e?.message ?? e)));
    worker.once('exit', () => {
      if (this.closing) return this.onClosed();
      setTimeout(() => {
        if (!this.closing) this.worker = this.start();
        else this.onClosed();
      }, 1000).unref();
    });
    return worker;
  }

  /**
   * Resolves once the index holds queue id `target` (a search then sees every message committed
   * before it), or after two seconds (a failing worker), or at once during a rebuild (the queue
   * waits for it): a search is then answered from what is indexed rather than not at all.
   */
  caughtUp(target: number): Promise<void> {
    if (this.applied >= target || this.progress.building) return Promise.resolve();
    return new Promise((resolve) => {
      const w = { target, resolve };
      this.waiting.push(w);
      this.worker.postMessage('tick');
      setTimeout(() => {
        this.waiting = this.waiting.filter((x) => x !== w);
        resolve();
      }, CATCH_UP_LIMIT_MS).unref();
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const w of this.waiting) w.resolve();
    this.waiting = [];
    this.worker.ref(); // keeps the process alive until the worker has closed its connections
    this.worker.postMessage('close');
    await this.exited;
  }
}
