/** A Switchboard server in a process of its own (child-server.ts), for the tests that kill it with SIGKILL. */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** The environment of a child server on `storage` (its own folder, and its PostgreSQL schema if any), over `extra`. */
export function childEnv(
  storage: { dataDir: string; databaseUrl?: string | null; schema?: string | null },
  extra: Record<string, string>,
): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: storage.dataDir,
    LOG_LEVEL: 'silent',
    ADMIN_EMAIL: 'admin@example.com',
    ADMIN_PASSWORD: 'admin-password-1',
    ...(storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl, SB_TEST_SCHEMA: storage.schema! } : {}),
    ...extra,
  };
}

export interface Child {
  child: ChildProcess;
  url: string;
  exited: Promise<unknown>;
}

/** Starts the server with `env` over this process's environment (and node flags `execArgv`); resolves once it is ready. */
export function startChild(env: Record<string, string>, execArgv: string[] = []): Promise<Child> {
  const child = spawn(process.execPath, [...execArgv, '--import', 'tsx', path.join(root, 'test/email/support/child-server.ts')], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((r) => child.once('exit', r));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /READY (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]!, exited });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before it was ready: ${out}`)));
  });
}
