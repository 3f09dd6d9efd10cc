/**
 * Group commit for writes that come in bursts from many conversations at once (chatflow steps): the
 * bodies that arrive while one transaction runs share the next one, so one commit (its pages, and
 * one disk sync) carries many. Measured on the chatflow bench: a bot's step cost two commits of its
 * own an answer, the largest single item of the server's time.
 */
import { writeThenSync, type Ctx, type Writer } from './context.js';

/**
 * At most this many bodies share a transaction. A group runs without yielding to the event loop
 * (SQLite answers synchronously), so its size bounds how long other sockets wait: at 64 the
 * chatflow bench's p99 ranged 14–61 ms over seven runs (max up to 94 ms), at 16 it stayed 17–26 ms
 * (max ≤ 36 ms), for about 10 % fewer answers a second when saturated.
 */
const MAX_GROUP = 16;

type Body = (w: Writer) => Promise<unknown>;
type Queued = { fn: Body; resolve(r: { result: unknown; durable: Promise<void> }): void; reject(e: unknown): void };

/**
 * `writeThenSync`, sharing its transaction with the bodies queued meanwhile. Each body stays all or
 * nothing: when one throws, the group is rolled back and each body runs again alone, so a body
 * must keep what it collects inside itself (as for `writeThenSync`).
 */
export function writeGrouped<T>(ctx: Ctx, fn: (w: Writer) => Promise<T>): Promise<{ result: T; durable: Promise<void> }> {
  let g = groups.get(ctx);
  if (!g) groups.set(ctx, (g = new WriteGroup(ctx)));
  return g.add(fn) as Promise<{ result: T; durable: Promise<void> }>;
}

class WriteGroup {
  private queue: Queued[] = [];
  private running = false;
  constructor(private ctx: Ctx) {}

  add(fn: Body): Promise<{ result: unknown; durable: Promise<void> }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ fn, resolve, reject });
      if (!this.running) void this.flush();
    });
  }

  private async flush() {
    this.running = true;
    try {
      // Bodies started by the same burst (one commit's events) reach the queue a few promise turns
      // apart: one turn of the event loop lets them all arrive.
      await new Promise((r) => setImmediate(r));
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_GROUP);
        if (batch.length > 1) {
          const shared = await writeThenSync(this.ctx, async (w) => {
            const out: unknown[] = [];
            for (const b of batch) out.push(await b.fn(w));
            return out;
          }).catch(() => null);
          if (shared) {
            batch.forEach((b, i) => b.resolve({ result: shared.result[i], durable: shared.durable }));
            continue;
          }
        }
        for (const b of batch) await writeThenSync(this.ctx, b.fn).then(b.resolve, b.reject);
      }
    } finally {
      this.running = false;
    }
  }
}

const groups = new WeakMap<Ctx, WriteGroup>();
