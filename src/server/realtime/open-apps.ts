/**
 * Whose app is open right now, across processes: a user with a live stream socket in any process.
 * Web Push goes only to users with no tab open (an open tab shows a browser notification itself).
 * Each process counts its own sockets and tells the others over the relay when a user's first
 * opens or last closes, and every 30 s who is open here; what another process said expires after
 * 75 s without being repeated, so a process that stopped without a word is forgotten.
 */
import { randomUUID } from 'node:crypto';
import type { Ctx } from '../domain/context.js';

const TOPIC = 'open-apps';
const REPEAT_MS = 30_000;
const EXPIRE_MS = 75_000;

interface Message {
  process: string;
  /** The users open in that process (all of them, on the repeat), or one user's change. */
  open?: string[];
  closed?: string[];
}

export class OpenApps {
  private readonly processId = randomUUID();
  private readonly local = new Map<string, number>();
  /** userId -> process -> when it last said so */
  private readonly remote = new Map<string, Map<string, number>>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly relay?: Ctx['bus']['relay']) {
    relay?.onMessage(TOPIC, (m: Message) => this.heard(m));
    this.timer = setInterval(() => {
      this.expire();
      if (this.local.size) this.relay?.send(TOPIC, { process: this.processId, open: [...this.local.keys()] } satisfies Message);
    }, REPEAT_MS);
    this.timer.unref();
  }

  /** A stream socket of `userId` opened (+1) or closed (-1) in this process. */
  change(userId: string, by: 1 | -1): void {
    const n = (this.local.get(userId) ?? 0) + by;
    if (n > 0) this.local.set(userId, n);
    else this.local.delete(userId);
    if (by === 1 && n === 1) this.relay?.send(TOPIC, { process: this.processId, open: [userId] } satisfies Message);
    if (n <= 0) this.relay?.send(TOPIC, { process: this.processId, closed: [userId] } satisfies Message);
  }

  /** Whether any process has a socket of this user open. */
  isOpen(userId: string, now = Date.now()): boolean {
    if (this.local.has(userId)) return true;
    for (const at of this.remote.get(userId)?.values() ?? []) if (now - at < EXPIRE_MS) return true;
    return false;
  }

  private heard(m: Message): void {
    if (!m?.process) return;
    const now = Date.now();
    for (const u of m.open ?? []) {
      let p = this.remote.get(u);
      if (!p) this.remote.set(u, (p = new Map()));
      p.set(m.process, now);
    }
    for (const u of m.closed ?? []) {
      const p = this.remote.get(u);
      p?.delete(m.process);
      if (p && !p.size) this.remote.delete(u);
    }
  }

  private expire(): void {
    const cutoff = Date.now() - EXPIRE_MS;
    for (const [u, p] of this.remote) {
      for (const [proc, at] of p) if (at < cutoff) p.delete(proc);
      if (!p.size) this.remote.delete(u);
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}

const byCtx = new WeakMap<Ctx, OpenApps>();

/** The server's one `OpenApps` (made on first use, listening on its relay). */
export function openAppsOf(ctx: Ctx): OpenApps {
  let o = byCtx.get(ctx);
  if (!o) byCtx.set(ctx, (o = new OpenApps(ctx.bus.relay)));
  return o;
}
