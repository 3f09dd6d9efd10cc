/**
 * A PostgreSQL primary with a streaming replica of its own, for the read-replica tests: initdb in a
 * temporary folder on a free port, then `pg_basebackup -R -X stream` to a second folder started on
 * another port as a hot standby. Needs the PostgreSQL server binaries (PG_BIN, default
 * /usr/lib/postgresql/15/bin); as root the servers run as the `postgres` OS user (initdb refuses root).
 * Without the binaries the suite is skipped, loudly, unless REQUIRE_ALL=1 makes that a failure.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const asRoot = process.getuid?.() === 0;

/** Why the replica suite cannot run here, or null; throws under REQUIRE_ALL=1. */
export function replicaMissing(): string | null {
  const needed = ['initdb', 'pg_ctl', 'pg_basebackup', 'postgres'];
  const absent = needed.filter((b) => !fs.existsSync(path.join(PG_BIN, b)));
  if (!absent.length) return null;
  const msg = `PostgreSQL server binaries are missing in ${PG_BIN} (${absent.join(', ')})`;
  if (process.env.REQUIRE_ALL === '1') throw new Error(`${msg} (required by REQUIRE_ALL=1)`);
  console.log(`# SKIPPED: ${msg}; set PG_BIN or install postgresql-15`);
  return msg;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL binary, as the postgres OS user when we are root. */
async function pgBin(bin: string, args: string[]): Promise<void> {
  const file = path.join(PG_BIN, bin);
  try {
    if (asRoot) await run('runuser', ['-u', 'postgres', '--', file, ...args], { cwd: '/' });
    else await run(file, args, { cwd: '/' });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${bin} ${args.join(' ')} failed: ${err.stderr || err.message}`);
  }
}

export interface ReplicaPair {
  /** postgres:// URLs of the primary and of its streaming replica (database `switchboard`). */
  primaryUrl: string;
  replicaUrl: string;
  /** Runs SQL on the replica (e.g. `select pg_wal_replay_pause()`). */
  onReplica(sqlText: string): Promise<pg.QueryResult>;
  /** Replay held: the replica receives WAL but shows nothing new until resumed. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Resolves once the replica has replayed everything the primary has written so far. */
  caughtUp(): Promise<void>;
  stopReplica(): Promise<void>;
  startReplica(): Promise<void>;
  close(): Promise<void>;
}

export async function startReplicaPair(): Promise<ReplicaPair> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-replica-'));
  if (asRoot) await run('chown', ['postgres:postgres', dir]);
  fs.chmodSync(dir, 0o700);
  const primaryDir = path.join(dir, 'primary');
  const replicaDir = path.join(dir, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const started: string[] = [];
  const start = async (data: string) => {
    await pgBin('pg_ctl', ['-D', data, '-l', path.join(dir, `${path.basename(data)}.log`), '-w', '-t', '60', 'start']);
    if (!started.includes(data)) started.push(data);
  };
  const stop = async (data: string) => {
    await pgBin('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    started.splice(started.indexOf(data), 1);
  };
  const close = async () => {
    for (const d of [...started].reverse()) await stop(d).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await pgBin('initdb', ['-D', primaryDir, '-U', 'postgres', '-A', 'trust', '--no-sync']);
    fs.appendFileSync(
      path.join(primaryDir, 'postgresql.conf'),
      [
        `port = ${primaryPort}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${dir}'`,
        'wal_level = replica',
        'max_wal_senders = 5',
        'hot_standby = on',
        'fsync = off',
        'shared_buffers = 32MB',
        'max_connections = 60',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(primaryDir, 'pg_hba.conf'),
      ['local all all trust', 'host all all 127.0.0.1/32 trust', 'host replication all 127.0.0.1/32 trust', ''].join('\n'),
    );
    await start(primaryDir);
    const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/switchboard`;
    const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${primaryPort}/postgres` });
    await admin.connect();
    await admin.query('create database switchboard');
    await admin.end();
    await pgBin('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      replicaDir,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
    ]);
    fs.appendFileSync(path.join(replicaDir, 'postgresql.conf'), `port = ${replicaPort}\n`);
    await start(replicaDir);
    const replicaUrl = `postgres://postgres@127.0.0.1:${replicaPort}/switchboard`;
    const onReplica = async (sqlText: string) => {
      const c = new pg.Client({ connectionString: replicaUrl });
      await c.connect();
      try {
        return await c.query(sqlText);
      } finally {
        await c.end();
      }
    };
    return {
      primaryUrl,
      replicaUrl,
      onReplica,
      pauseReplay: async () => void (await onReplica('select pg_wal_replay_pause()')),
      resumeReplay: async () => void (await onReplica('select pg_wal_replay_resume()')),
      async caughtUp() {
        const p = new pg.Client({ connectionString: primaryUrl });
        await p.connect();
        const target = (await p.query('select pg_current_wal_lsn() as l')).rows[0].l as string;
        await p.end();
        for (;;) {
          const r = await onReplica(`select pg_last_wal_replay_lsn() >= '${target}'::pg_lsn as done`);
          if (r.rows[0].done) return;
          await new Promise((res) => setTimeout(res, 20));
        }
      },
      stopReplica: () => stop(replicaDir),
      startReplica: () => start(replicaDir),
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
