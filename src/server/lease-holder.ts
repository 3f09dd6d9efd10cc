/**
 * Who holds a lease (`db/leases.ts`): `<host>/<pid>/<random>`, so a process restarted after a crash on
 * the same machine takes over its predecessor's leases at once instead of waiting for them to expire.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import type { Database } from './db/database.js';
import { leaseOf, takeLease, takeOverLease } from './db/leases.js';

/**
 * This machine and PID namespace, as written in a holder (`<host>/<pid>/<random>`): a holder with
 * the same host part and a PID that no longer runs is dead (a restart after a crash takes over at
 * once instead of waiting for the lease to expire).
 */
function hostPart(): string {
  let ns = '';
  try {
    ns = /\[(\d+)\]/.exec(fs.readlinkSync('/proc/self/ns/pid'))?.[1] ?? '';
  } catch {
    /* not Linux */
  }
  return ns ? `${os.hostname()}#${ns}` : os.hostname();
}

export function newLeaseHolder(): string {
  return `${hostPart()}/${process.pid}/${randomBytes(4).toString('hex')}`;
}

function deadLocalHolder(holder: string): boolean {
  const [host, pidText] = holder.split('/');
  const pid = Number(pidText);
  if (host !== hostPart() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Takes or renews the lease; one held by a process of this machine that has ended is taken over at once. */
export async function holdLease(db: Database, name: string, holder: string, ttlMs: number, now = new Date()): Promise<boolean> {
  if (await takeLease(db, name, holder, ttlMs, now)) return true;
  const current = await leaseOf(db, name);
  return !!current && deadLocalHolder(current.holder) && takeOverLease(db, name, current.holder, holder, ttlMs, now);
}
