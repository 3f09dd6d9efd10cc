/** A real `switchboard start` process, as an operator runs it, for multi-process and CLI tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isolatedStorage, PG_URL, REDIS_URL } from './engines.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts the CLI's `start` with `env` over `base`, and resolves once it prints the URL to open. */
export async function startServerProcess(env: Record<string, string>, base: NodeJS.ProcessEnv = process.env): Promise<ServerProcess> {
  const child = spawn(process.execPath, [path.join(root, 'bin/switchboard.mjs'), 'start'], {
    cwd: root,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      // A process without the web role (ROLE) says `running (worker): checks at <url>`.
      const m = /running(?: \([^)]*\))?: (?:open|checks at) (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return {
    url,
    child,
    output: () => out,
    stop: () => new Promise<void>((r) => (child.exitCode !== null ? r() : (child.once('exit', () => r()), child.kill('SIGTERM')))),
  };
}

/** What processes sharing `storage` (a PostgreSQL schema, its data folder) and Redis are started with. */
export function sharedStorageEnv(storage: { schema?: string; dataDir: string }) {
  return {
    DATABASE_URL: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${storage.schema}`)}`,
    REDIS_URL,
    REDIS_PREFIX: storage.schema!,
    DATA_DIR: storage.dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
  };
}

export const MULTI_ADMIN = { email: 'admin@example.com', password: 'admin-password-1' };

/**
 * Two server processes on one fresh PostgreSQL schema and Redis (their own channels on it, so other
 * tests' servers are not heard). The safety-net poll is an hour: only Redis carries events in time.
 */
export async function startTwoProcesses(
  extraEnv: Record<string, string> = {},
): Promise<{ urlA: string; urlB: string; databaseUrl: string; stop(): Promise<void> }> {
  const storage = await isolatedStorage('postgres');
  const shared = sharedStorageEnv(storage);
  const databaseUrl = shared.DATABASE_URL;
  const env = {
    ...shared,
    ADMIN_EMAIL: MULTI_ADMIN.email,
    ADMIN_PASSWORD: MULTI_ADMIN.password,
    EVENT_POLL_MS: '3600000',
    ...extraEnv,
  };
  const procs: ServerProcess[] = [];
  const stop = async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await storage.drop();
  };
  try {
    // One after the other: the first migrates and creates the admin.
    procs.push(await startServerProcess(env));
    procs.push(await startServerProcess(env));
  } catch (err) {
    await stop();
    throw err;
  }
  return { urlA: procs[0]!.url, urlB: procs[1]!.url, databaseUrl, stop };
}
