/** A running server with the built agent app, plus helpers that make data through the REST API. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConversationOut, InboxOut, UserOut } from '../../src/common/api.js';
import type { Engine } from '../../test/support/engines.js';
import { startTestServer, type Client, type TestServer } from '../../test/support/server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const webSrc = path.join(root, 'src/web');
const builtIndex = path.join(root, 'dist/web/index.html');

function newestMtime(dir: string): number {
  let max = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    max = Math.max(max, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return max;
}

/** Builds the app when dist/web is missing or older than its sources; a lock keeps parallel test files from building at once. */
export function ensureWebBuilt(): void {
  const lock = path.join(root, 'dist/.web-build.lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  const stale = () =>
    !existsSync(builtIndex) ||
    statSync(builtIndex).mtimeMs < Math.max(newestMtime(webSrc), statSync(path.join(root, 'vite.config.ts')).mtimeMs);
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (!stale()) return;
    try {
      mkdirSync(lock);
    } catch {
      if (Date.now() > deadline) throw new Error('e2e: timed out waiting for another web build');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
      continue;
    }
    try {
      if (stale()) execFileSync(process.execPath, [path.join(root, 'scripts/build-web.mjs'), '--quiet'], { stdio: 'inherit', cwd: root });
    } finally {
      rmdirSync(lock);
    }
    return;
  }
}

export interface Person {
  user: UserOut;
  email: string;
  password: string;
  client: Client;
}

export interface World {
  server: TestServer;
  url: string;
  admin: { email: string; password: string };
  defaultInbox: InboxOut;
  createUser(name: string, role?: 'agent' | 'admin' | 'super_admin'): Promise<Person>;
  createInbox(name: string, access?: { mode: 'everyone' | 'specific'; userIds?: string[]; teamIds?: string[] }): Promise<InboxOut>;
  incoming(
    inboxId: string,
    contact: { email?: string; name?: string },
    body: string,
    subject?: string,
    as?: Client,
  ): Promise<ConversationOut>;
  close(): Promise<void>;
}

function ok<T>(r: { status: number; body: T }, what: string): T {
  if (r.status >= 300) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

let seq = 0;
export async function startWorld(opts: { engine?: Engine; redis?: boolean; env?: Record<string, string> } = {}): Promise<World> {
  ensureWebBuilt();
  const server = await startTestServer(opts);
  const api = server.adminClient;
  const inboxes = ok(await api.get<{ items: InboxOut[] }>('/api/v1/inboxes'), 'list inboxes');
  return {
    server,
    url: server.url,
    admin: server.admin,
    defaultInbox: inboxes.items[0]!,
    async createUser(name, role = 'agent') {
      const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${++seq}@example.com`;
      const password = 'correct-horse-battery';
      const user = ok(await api.post<UserOut>('/api/v1/users', { email, name, role, paidSeat: true, password }), 'create user');
      return { user, email, password, client: await server.login(email, password) };
    },
    async createInbox(name, access = { mode: 'everyone' }) {
      return ok(await api.post<InboxOut>('/api/v1/inboxes', { name, access: { userIds: [], teamIds: [], ...access } }), 'create inbox');
    },
    async incoming(inboxId, contact, body, subject, as = api) {
      return ok(
        await as.post<ConversationOut>(`/api/v1/inboxes/${inboxId}/conversations`, { contact, body, subject }),
        'incoming conversation',
      );
    },
    close: () => server.close(),
  };
}
