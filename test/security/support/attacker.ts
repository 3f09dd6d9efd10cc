/** Runs hostile jobs in a process of their own (attacker.mjs) and resolves with their results. */
import { spawn } from 'node:child_process';

export type AttackJob =
  | { smtp: { port: number; to: string; raw: string } }
  | { http: { url: string; method: 'POST' | 'PATCH' | 'PUT'; path: string; body: unknown; cookie: string } };
export type AttackResult = { ok?: boolean; code?: number; response?: string; status?: number; body?: any };

/**
 * Starts the attacker with its jobs and resolves once it is ready to send them (process started,
 * payloads read): `go()` then sends them all at once (or one after the other) and resolves with their results.
 */
export async function prepareAttack(jobs: AttackJob[], oneByOne = false): Promise<{ go(): Promise<AttackResult[]> }> {
  const child = spawn(process.execPath, [new URL('./attacker.mjs', import.meta.url).pathname], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  const exited = new Promise<AttackResult[]>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.slice(out.indexOf('\n') + 1)) as AttackResult[])
        : reject(new Error(`the attacker process exited with ${code}`)),
    );
  });
  const ready = new Promise<void>((resolve) => {
    child.stdout.on('data', (c: string) => {
      out += c;
      if (out.includes('ready\n')) resolve();
    });
  });
  child.stdin.write(`${JSON.stringify({ jobs, oneByOne })}\n`);
  await Promise.race([ready, exited]);
  return {
    go() {
      child.stdin.end('go\n');
      return exited;
    },
  };
}
