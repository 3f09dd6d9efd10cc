/**
 * A fixed pool of worker threads for work whose cost depends on what a stranger sends (parsing
 * mail, sanitizing HTML), so the event loop never does it. Every job has a time budget, counted
 * from the moment a worker that has finished loading takes it: past it the worker is terminated
 * and replaced, and the job fails with WorkTimeout (the caller decides what that means). A worker
 * that dies fails its job the same way. Jobs wait in order for a free worker; with two workers or
 * more, the first one is kept for small jobs, so an ordinary message never waits behind big ones.
 */
import { parentPort, type ResourceLimits, type Worker } from 'node:worker_threads';
import { startTsWorker } from './ts-worker.js';

export class WorkTimeout extends Error {}

export interface WorkerPoolOptions {
  size: number;
  timeoutMs: number;
  /** Each worker's V8 heap sizes (a worker is an isolate of its own: its heap counts in full). */
  resourceLimits?: ResourceLimits;
}

interface Job {
  input: unknown;
  small: boolean;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}
interface Slot {
  worker: Worker;
  /** Started with options since changed: leaves once idle. */
  stale?: boolean;
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}
type Reply = { ready: true } | { id: number; output?: unknown; error?: string };

export class WorkerPool<In, Out> {
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private ids = new WeakMap<Job, number>();
  private seq = 0;
  private closed = true;

  constructor(
    private readonly entry: URL,
    private opts: WorkerPoolOptions,
  ) {}

  /**
   * Starts the workers (loading takes a while, so do it before the first job). Options given here
   * apply from now on: workers past a smaller `size` leave once idle, and a change of
   * `resourceLimits` replaces the idle workers (a busy one finishes its job first).
   */
  start(opts?: Partial<WorkerPoolOptions>): void {
    const limitsChanged = !!opts && 'resourceLimits' in opts && !sameLimits(opts.resourceLimits, this.opts.resourceLimits);
    this.opts = { ...this.opts, ...opts };
    this.closed = false;
    if (limitsChanged) for (const slot of this.slots) slot.stale = true;
    this.trim();
    while (this.slots.length < this.opts.size) this.slots.push(this.spawn());
  }

  /** Options for the workers, started at the first job when none runs yet (`start` when they run). */
  configure(opts: Partial<WorkerPoolOptions>): void {
    if (this.closed) this.opts = { ...this.opts, ...opts };
    else this.start(opts);
  }

  get timeoutMs(): number {
    return this.opts.timeoutMs;
  }

  /** How many workers there are now (those loading included). */
  get workers(): number {
    return this.slots.length;
  }

  /** `small`: cheap whatever its content (the caller bounds its size), so it may take the reserved worker. */
  run(input: In, small = false): Promise<Out> {
    if (this.closed) this.start();
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ input, small, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots;
    this.slots = [];
    for (const job of this.queue.splice(0)) job.reject(new Error('worker pool closed'));
    await Promise.all(slots.map((s) => this.retire(s, new Error('worker pool closed'))));
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startTsWorker(this.entry, {}, this.opts.resourceLimits), ready: false, job: null, timer: null };
    slot.worker.on('message', (m: Reply) => {
      if ('ready' in m) {
        slot.ready = true;
        return this.dispatch();
      }
      const job = slot.job;
      if (!job || this.ids.get(job) !== m.id) return;
      this.free(slot);
      if (m.error !== undefined) job.reject(new Error(m.error));
      else job.resolve(m.output);
      this.trim();
      this.dispatch();
    });
    slot.worker.on('error', () => undefined);
    slot.worker.on('exit', () => {
      if (!this.slots.includes(slot)) return;
      this.replace(slot, new Error('worker exited'));
    });
    return slot;
  }

  /** Idle workers that are stale or past the size leave; stale ones are replaced up to the size. */
  private trim(): void {
    for (const slot of [...this.slots]) {
      if (slot.job || (!slot.stale && this.slots.length <= this.opts.size)) continue;
      this.slots.splice(this.slots.indexOf(slot), 1);
      void this.retire(slot, new Error('worker pool resized'));
    }
    while (!this.closed && this.slots.length < this.opts.size) this.slots.push(this.spawn());
  }

  private free(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  }

  /** Terminates a slot's worker, failing its job with `err`. */
  private async retire(slot: Slot, err: Error): Promise<void> {
    const job = slot.job;
    this.free(slot);
    job?.reject(err);
    await slot.worker.terminate().catch(() => undefined);
  }

  private replace(slot: Slot, err: Error): void {
    const i = this.slots.indexOf(slot);
    void this.retire(slot, err);
    if (i < 0) return;
    if (slot.ready) this.slots[i] = this.spawn();
    else {
      // It died while loading: try again a second later rather than in a tight loop.
      this.slots.splice(i, 1);
      setTimeout(() => {
        if (!this.closed && this.slots.length < this.opts.size) this.slots.push(this.spawn());
      }, 1000).unref();
    }
  }

  private dispatch(): void {
    for (const [i, slot] of this.slots.entries()) {
      if (!this.queue.length) return;
      if (!slot.ready || slot.job) continue;
      const reserved = i === 0 && this.slots.length > 1;
      const at = reserved ? this.queue.findIndex((j) => j.small) : 0;
      if (at < 0) continue;
      const job = this.queue.splice(at, 1)[0]!;
      const id = ++this.seq;
      this.ids.set(job, id);
      slot.job = job;
      slot.timer = setTimeout(() => this.replace(slot, new WorkTimeout(`took longer than ${this.opts.timeoutMs} ms`)), this.opts.timeoutMs);
      slot.timer.unref();
      slot.worker.postMessage({ id, input: job.input });
    }
  }
}

const sameLimits = (a?: ResourceLimits, b?: ResourceLimits) => JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});

/** The worker's side: answers each job with `handle`'s result, and says when it is ready. */
export function serveWorkerJobs<In, Out>(handle: (input: In) => Out | Promise<Out>): void {
  const port = parentPort!;
  port.on('message', (m: { id: number; input: In }) => {
    Promise.resolve()
      .then(() => handle(m.input))
      .then(
        (output) => port.postMessage({ id: m.id, output }),
        (err: unknown) => port.postMessage({ id: m.id, error: String((err as Error)?.message ?? err) }),
      );
  });
  port.postMessage({ ready: true });
}
