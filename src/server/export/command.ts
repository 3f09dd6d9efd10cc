/** The `export` and `restore` commands: the work with a progress line, and the summary they print. */
import type { Ctx } from '../domain/context.js';
import { rollUp } from '../reports/rollups.js';
import { exportArchive } from './export.js';
import { restoreArchive } from './restore.js';

/** One progress line, rewritten in place on a terminal (a line per step otherwise). */
function progressLine(): { show: (what: string, done: number) => void; end: () => void } {
  let last = '';
  let shownAt = 0;
  return {
    show(what, done) {
      const text = `${what}: ${done.toLocaleString('en')}`;
      if (process.stdout.isTTY) {
        if (Date.now() - shownAt < 100 && what === last) return;
        shownAt = Date.now();
        process.stdout.write(`\r\x1b[K${text}`);
      } else if (what !== last) console.log(what);
      last = what;
    },
    end() {
      if (process.stdout.isTTY) process.stdout.write('\r\x1b[K');
    },
  };
}

export async function exportCommand(ctx: Ctx, target: string): Promise<string> {
  const p = progressLine();
  const m = await exportArchive(ctx.db, ctx.mail.filesDir, target, p.show);
  p.end();
  const rows = Object.values(m.tables).reduce((a, t) => a + t.rows, 0);
  const n = (x: number) => x.toLocaleString('en');
  return [
    `Exported to ${target}: ${n(Object.keys(m.tables).length)} tables (${n(rows)} rows, ${n(m.tables.conversations?.rows ?? 0)} conversations, ` +
      `${n(m.tables.messages?.rows ?? 0)} messages), ${n(m.files.count)} files (${(m.files.bytes / 1048576).toFixed(1)} MB), ` +
      `${n(m.mbox.length)} mailboxes (mboxrd).`,
    'Not in it: password hashes, login tokens and channel secrets (mailbox passwords, chat secrets, Page tokens, Slack).',
  ].join('\n');
}

export async function restoreCommand(ctx: Ctx, file: string): Promise<string> {
  const p = progressLine();
  const r = await restoreArchive(ctx.db, file, { filesDir: ctx.mail.filesDir, secrets: ctx.secrets, progress: p.show });
  const rolled = await rollUp(ctx, { maxDays: 366 });
  p.end();
  const n = (x: number) => x.toLocaleString('en');
  return [
    `Restored ${n(r.rows)} rows in ${n(r.tables)} tables and ${n(r.files)} files from ${file}; ${n(rolled.days)} report days rolled up.`,
    `Users without a password until it is reset: ${n(r.usersWithoutPassword)} (the target's super admins keep theirs): Settings › Users, or npx switchboard reset-password --email <address>.`,
    'Enter the channel secrets again (mailbox passwords, chat secrets, Messenger tokens) and reconnect Slack; webhooks have new signing secrets.',
  ].join('\n');
}
