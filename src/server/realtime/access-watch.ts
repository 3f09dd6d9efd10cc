/**
 * Open stream sockets hold their access only as long as the credential they opened with: a socket
 * closes (4001) within seconds of its session ending (logout, password change or reset), its API
 * token being revoked or expiring, or its user being deactivated. Revocations arrive as
 * `user.updated` events with `accessRevoked` (committed through `write()`, so every process's bus
 * delivers them); expiry is checked on a timer, from the time known at upgrade.
 */
import type { WebSocket } from 'ws';
import { credentialHolds } from '../domain/auth.js';
import type { Ctx } from '../domain/context.js';
import type { StoredEvent } from '../events/events.js';
import type { Actor } from '../permissions/policy.js';

export const ACCESS_ENDED_CLOSE = 4001;
const EXPIRY_CHECK_MS = 1000;

interface Watched {
  socket: WebSocket;
  actor: Actor;
}

export class AccessWatch {
  private readonly sockets = new Set<Watched>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly ctx: Ctx) {
    this.timer = setInterval(() => this.closeExpired(), EXPIRY_CHECK_MS);
    this.timer.unref();
  }

  /** Watches a socket until it closes. */
  add(socket: WebSocket, actor: Actor): void {
    const w = { socket, actor };
    this.sockets.add(w);
    socket.once('close', () => this.sockets.delete(w));
    // A revocation committed between authentication and now would otherwise go unnoticed.
    this.recheck(w);
  }

  /** Call for every event the bus delivers. */
  onEvent(e: StoredEvent): void {
    if (e.type !== 'user.updated') return;
    const p = e.payload as { userId?: string; accessRevoked?: boolean };
    if (!p.accessRevoked || !p.userId) return;
    for (const w of this.sockets) {
      if (w.actor.id === p.userId) this.recheck(w);
    }
  }

  private recheck(w: Watched): void {
    if (!w.actor.credential) return;
    void credentialHolds(this.ctx, w.actor.id, w.actor.credential)
      .then((ok) => ok || this.end(w))
      .catch(() => undefined);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private closeExpired(): void {
    const now = new Date().toISOString();
    for (const w of this.sockets) {
      const at = w.actor.credential?.expiresAt;
      if (at && at < now) this.end(w);
    }
  }

  private end(w: Watched): void {
    this.sockets.delete(w);
    if (w.socket.readyState === w.socket.OPEN || w.socket.readyState === w.socket.CONNECTING)
      w.socket.close(ACCESS_ENDED_CLOSE, 'access ended');
  }
}
