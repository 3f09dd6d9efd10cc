/** A throwaway Dovecot IMAP server: config in a temp folder, 127.0.0.1 on a free port, passwd-file auth, maildir. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort } from './child.js';

export const DOVECOT = '/usr/sbin/dovecot';

/** Why IMAP tests cannot run here, or null; a failure under REQUIRE_ALL=1. */
export function dovecotMissing(): string | null {
  if (fs.existsSync(DOVECOT)) return null;
  const msg = 'dovecot is not installed (apt-get install dovecot-imapd)';
  if (process.env.REQUIRE_ALL === '1') throw new Error(`${msg}, required by REQUIRE_ALL=1`);
  console.log(`# SKIPPED: ${msg}`);
  return msg;
}

export interface Dovecot {
  port: number;
  users: Record<string, string>;
  /** How many IMAP logins of `user` Dovecot has logged so far. */
  logins(user: string): number;
  /** A signed-in IMAP client of `user` (with the password it was started with), as a mail client would be. */
  connect(user: string, pass?: string): Promise<ImapFlow>;
  stop(): Promise<void>;
}

export async function startDovecot(users: Record<string, string>): Promise<Dovecot> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-dovecot-'));
  fs.chmodSync(dir, 0o755);
  for (const d of ['run', 'state', 'mail', 'home']) fs.mkdirSync(path.join(dir, d));
  // Dovecot never runs mail processes as root: as root, mail belongs to nobody.
  const root = process.getuid?.() === 0;
  const uid = root ? Number(execFileSync('id', ['-u', 'nobody']).toString().trim()) : process.getuid!();
  const gid = root ? Number(execFileSync('id', ['-g', 'nobody']).toString().trim()) : process.getgid!();
  if (root) for (const d of ['mail', 'home']) fs.chownSync(path.join(dir, d), uid, gid);
  fs.writeFileSync(
    path.join(dir, 'passwd'),
    Object.entries(users)
      .map(([u, p]) => `${u}:{PLAIN}${p}::::::`)
      .join('\n') + '\n',
  );
  const port = await freePort();
  const conf = `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%u
first_valid_uid = 1
${root ? 'default_internal_user = dovecot\ndefault_login_user = dovenull' : `default_internal_user = ${os.userInfo().username}\ndefault_login_user = ${os.userInfo().username}`}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/home/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`;
  fs.writeFileSync(path.join(dir, 'dovecot.conf'), conf);
  // stdio ignored: the daemon keeps inherited pipes open, which would block execFileSync.
  execFileSync(DOVECOT, ['-c', path.join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  const end = Date.now() + 10_000;
  for (;;) {
    const ok = await new Promise<boolean>((r) => {
      const s = net.connect(port, '127.0.0.1', () => (s.destroy(), r(true)));
      s.on('error', () => r(false));
    });
    if (ok) break;
    if (Date.now() > end) throw new Error(`dovecot did not start: ${fs.readFileSync(path.join(dir, 'dovecot.log'), 'utf8')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    users,
    async connect(user, pass = users[user]) {
      const imap = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: pass! }, logger: false });
      await imap.connect();
      return imap;
    },
    logins(user) {
      const log = fs.existsSync(path.join(dir, 'dovecot.log')) ? fs.readFileSync(path.join(dir, 'dovecot.log'), 'utf8') : '';
      return log.split('\n').filter((l) => /imap-login: (Info: )?Login: /.test(l) && l.includes(` user=<${user}>,`)).length;
    },
    async stop() {
      try {
        execFileSync(DOVECOT, ['-c', path.join(dir, 'dovecot.conf'), 'stop'], { stdio: 'ignore' });
      } catch {
        /* already stopped */
      }
      await new Promise((r) => setTimeout(r, 200));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
