/**
 * Availability pushed to open widgets: when agents go away or come back (their switch, auto-away,
 * inbox membership), each open widget is told once its answer changes, so it switches between
 * "we're here" and the email-capture state without a reload.
 */
import type { Ctx } from '../../domain/context.js';
import { onAppOpenNoted } from '../../domain/availability.js';
import { anyoneAvailable } from '../../domain/availability.js';

interface Watched {
  inboxId: string;
  available: boolean;
}

/** Auto-away turns on by the clock alone, and other processes' agents open the app: a slow timer catches those. */
const RECHECK_MS = 30_000;

/** Starts watching; returns what to call when an event may have changed availability (`subscribers.ts`). */
export function watchAvailability<W extends Watched>(ctx: Ctx, open: () => W[], notify: (w: W, available: boolean) => void): () => void {
  let running = false;
  let again = false;
  const check = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const all = open();
        const answers = new Map<string, boolean>();
        for (const inboxId of new Set(all.map((w) => w.inboxId))) answers.set(inboxId, await anyoneAvailable(ctx.db.kysely, inboxId));
        for (const w of all) {
          const a = answers.get(w.inboxId);
          if (a !== undefined && a !== w.available) notify(w, a);
        }
      } while (again);
    } catch (err) {
      console.error('chat availability', err);
    } finally {
      running = false;
    }
  };
  const kick = () => {
    if (open().length) void check();
  };
  onAppOpenNoted(ctx, kick);
  setInterval(kick, RECHECK_MS).unref();
  return kick;
}
