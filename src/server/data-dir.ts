/**
 * The data directory is private to the server's user: DATA_DIR and FILES_DIR 0700, what Switchboard
 * keeps there 0600 (folders 0700). SQLite gives its -wal and -shm files the database file's mode;
 * stored files are written 0600 (`email/files.ts`); `switchboard start` also sets umask 077.
 * Only Switchboard's own files are touched: a DATA_DIR shared with other things keeps their modes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { KEY_FILE } from './secrets.js';

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
/** What Switchboard keeps at the top of DATA_DIR: the SQLite files (-wal, -shm, -search …) and the key file. */
const OWN_FILE = /^(switchboard\.db(-.*)?|secret\.key)$/;

function privateFile(p: string): void {
  if ((fs.statSync(p).mode & 0o777) !== FILE_MODE) fs.chmodSync(p, FILE_MODE);
}

/** `dir` (created if missing) and everything under it made private; a folder already 0700 is trusted to be done. */
function privateTree(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  const walk = (d: string, force: boolean) => {
    if (!force && (fs.statSync(d).mode & 0o777) === DIR_MODE) return;
    fs.chmodSync(d, DIR_MODE);
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p, true);
      else if (e.isFile()) privateFile(p);
    }
  };
  walk(dir, false);
}

/**
 * Start-up step, before the database opens and again once it is open (the files SQLite just
 * created): DATA_DIR and FILES_DIR made private, including files from older versions.
 */
export function secureDataDir(dirs: { dataDir: string; filesDir: string }): void {
  fs.mkdirSync(dirs.dataDir, { recursive: true, mode: DIR_MODE });
  if ((fs.statSync(dirs.dataDir).mode & 0o777) !== DIR_MODE) fs.chmodSync(dirs.dataDir, DIR_MODE);
  // Checked at every start: database files come and go.
  for (const e of fs.readdirSync(dirs.dataDir, { withFileTypes: true })) {
    if (e.isFile() && (OWN_FILE.test(e.name) || e.name === KEY_FILE)) privateFile(path.join(dirs.dataDir, e.name));
  }
  privateTree(dirs.filesDir);
}
