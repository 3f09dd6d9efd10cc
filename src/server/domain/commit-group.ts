/**
 * Group commit for channels that acknowledge each message (SMTP 250, the widget's ack): messages that arrive
 * while a transaction commits join the next one, so one disk sync carries many (`recordInboundBatch`).
 */
import type { Ctx } from './context.js';
import { recordInboundBatch, type InboundMessage, type InboundResult, type Settled } from './inbound.js';

/**
 * recordInbound with group commit, for channels that acknowledge each message (SMTP 250, the
 * widget's ack): while one transaction commits, arriving messages queue, and the next
 * transaction takes them all. A batch's disk sync overlaps with the next batch's work; each
 * message resolves once it is on disk. Idle, a message commits at once, alone.
 */
export function recordInboundGrouped(ctx: Ctx, msg: InboundMessage): Promise<InboundResult> {
  return groupOf(ctx).add(msg);
}

/**
 * A channel says a message is on its way (being parsed) before it hands it over, and calls the
 * returned function when it does (or gives up). A commit that would start while messages are on
 * their way waits for them a few milliseconds, so one transaction and one sync carry them all:
 * under load a commit costs more than a message (its pages are written whatever it holds).
 */
export function announceInbound(ctx: Ctx): () => void {
  return groupOf(ctx).announce();
}

function groupOf(ctx: Ctx): CommitGroup {
  let g = groups.get(ctx);
  if (!g) groups.set(ctx, (g = new CommitGroup(ctx)));
  return g;
}

type Waiting = { msg: InboundMessage; resolve(r: InboundResult): void; reject(e: unknown): void };

/** While a batch syncs, the next one waits for the sync or for this many messages, whichever comes first. */
const EARLY_BATCH = 16;
const MAX_BATCH = 64;
/** How long a commit waits for messages on their way (announced) to join it. */
const ANNOUNCED_WAIT_MS = 3;

class CommitGroup {
  private queue: Waiting[] = [];
  private running = false;
  private grown: (() => void) | null = null;
  /** Messages announced and not yet added (or given up). */
  private coming = 0;
  private arrived: (() => void) | null = null;
  constructor(private ctx: Ctx) {}
  announce(): () => void {
    this.coming++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.coming--;
      if (this.coming === 0 || this.queue.length >= MAX_BATCH) this.arrived?.();
    };
  }
  add(msg: InboundMessage): Promise<InboundResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ msg, resolve, reject });
      if (this.queue.length >= EARLY_BATCH) this.grown?.();
      if (!this.running) void this.flush();
    });
  }
  /** Resolves once every announced message has arrived, the batch is full, or ANNOUNCED_WAIT_MS passed. */
  private async gather() {
    if (this.coming === 0 || this.queue.length >= MAX_BATCH) return;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.arrived = resolve;
      timer = setTimeout(resolve, ANNOUNCED_WAIT_MS);
    });
    clearTimeout(timer);
    this.arrived = null;
  }
  private async flush() {
    this.running = true;
    try {
      while (this.queue.length) {
        await this.gather();
        const batch = this.queue.splice(0, MAX_BATCH);
        const settle = (results: Settled<InboundResult>[]) =>
          results.forEach((r, i) => (r.ok ? batch[i]!.resolve(r.value) : batch[i]!.reject(r.error)));
        const failAll = (error: unknown) => batch.forEach((b) => b.reject(error));
        // Committed (not yet on disk): the batch's messages are answered once its sync is done.
        const { synced } = await recordInboundBatch(
          this.ctx,
          batch.map((b) => b.msg),
        ).then(
          ({ results, durable }) => ({ synced: durable.then(() => settle(results), failAll) }),
          (err: unknown) => ({ synced: Promise.resolve(failAll(err)) }),
        );
        // A commit costs more than a message: while this batch syncs, let the next one grow; with
        // EARLY_BATCH waiting already, the next transaction starts while this one's sync runs.
        if (this.queue.length < EARLY_BATCH) await Promise.race([synced, new Promise<void>((r) => (this.grown = r))]);
        this.grown = null;
      }
    } finally {
      this.running = false;
    }
  }
}
const groups = new WeakMap<Ctx, CommitGroup>();
