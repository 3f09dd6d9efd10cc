/**
 * The data directory is private to the server's user: DATA_DIR and FILES_DIR 0700, what they hold
 * 0600 (folders 0700). SQLite gives its -wal and -shm files the database file's mode; stored files
 * are written 0600 (`email/files.ts`); `switchboard start` also sets umask 077 for the process.
 */
import fs from 'node:fs';
import path from 'node:path';

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/** Makes `dir` (created if missing) and everything under it private; a folder already 0700 is trusted to be done. */
function privateTree(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  const walk = (d: string, force: boolean) => {
    const st = fs.statSync(d);
    if (!force && (st.mode & 0o777) === DIR_MODE) return;
    fs.chmodSync(d, DIR_MODE);
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p, true);
      else if (e.isFile() && (fs.statSync(p).mode & 0o777) !== FILE_MODE) fs.chmodSync(p, FILE_MODE);
    }
  };
  walk(dir, false);
}

/**
 * Start-up step, before the database opens and again once it is open (the files SQLite just
 * created): DATA_DIR and FILES_DIR (when outside it) made private, including files from older versions.
 */
export function secureDataDir(dirs: { dataDir: string; filesDir: string }): void {
  privateTree(dirs.dataDir);
  // The top level is checked every start: database files (-wal, -shm, -search) come and go.
  for (const e of fs.readdirSync(dirs.dataDir, { withFileTypes: true })) {
    const p = path.join(dirs.dataDir, e.name);
    if (e.isFile() && (fs.statSync(p).mode & 0o777) !== FILE_MODE) fs.chmodSync(p, FILE_MODE);
  }
  privateTree(dirs.filesDir);
}
