/** Boots a real Switchboard server on a free port against isolated storage, for API and e2e tests. */
import path from 'node:path';
import { loadConfig } from '../../src/server/config.js';
import { startServer, type Running } from '../../src/server/main.js';
import type { SearchIndexOptions } from '../../src/server/db/search-indexer.js';
import { isolatedStorage, missing, REDIS_URL, type Engine } from './engines.js';

export interface TestServer {
  url: string;
  engine: Engine;
  running: Running;
  admin: { email: string; password: string };
  /** A client logged in as the super admin. */
  adminClient: Client;
  login(email: string, password: string): Promise<Client>;
  anonymous(): Client;
  close(): Promise<void>;
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A small HTTP client holding a session cookie, sending Origin like a browser does. */
export class Client {
  cookie = '';
  bearer = '';
  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const h: Record<string, string> = { origin: this.baseUrl, ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(this.baseUrl + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    const set = res.headers.get('set-cookie');
    if (set) {
      const m = /sb_session=([^;]*)/.exec(set);
      if (m) this.cookie = m[1] ? `sb_session=${m[1]}` : '';
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }
  put<T = any>(path: string, body: unknown) {
    return this.request<T>('PUT', path, body);
  }
  patch<T = any>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  delete<T = any>(path: string, body?: unknown) {
    return this.request<T>('DELETE', path, body);
  }
}

export async function startTestServer(
  opts: {
    engine?: Engine;
    redis?: boolean;
    storage?: Awaited<ReturnType<typeof isolatedStorage>>;
    redisPrefix?: string;
    env?: Record<string, string | undefined>;
    /** The built agent app to serve (default dist/web); /widget.js is read from `../widget` beside it. */
    webDir?: string;
    /** SQLite's search indexer: a small rebuild slice, a rebuild held in progress. */
    searchIndex?: SearchIndexOptions;
  } = {},
): Promise<TestServer> {
  const engine = opts.engine ?? 'sqlite';
  const storage = opts.storage ?? (await isolatedStorage(engine));
  const admin = { email: 'admin@example.com', password: 'admin-password-1' };
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: storage.dataDir,
    DATABASE_URL: storage.databaseUrl,
    REDIS_URL: opts.redis ? REDIS_URL : undefined,
    // Keys and channels of their own (rate limits count per prefix): servers on one storage share them.
    REDIS_PREFIX:
      opts.redisPrefix ?? (opts.redis ? (storage.schema ?? path.basename(storage.dataDir).replace(/[^A-Za-z0-9_-]/g, '_')) : undefined),
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    LOG_LEVEL: 'silent',
    // A free port for the SMTP receiver, so servers in parallel test files never collide.
    SMTP_PORT: '0',
    SQL_QUERY_HEADER: '1',
    // Every JSON answer is checked against its route's schema in the OpenAPI document: a mismatch answers 500.
    CHECK_ANSWERS: '1',
    ...opts.env,
  });
  const running = await startServer(config, { schema: storage.schema, webDir: opts.webDir, searchIndex: opts.searchIndex });
  const url = running.url;
  const login = async (email: string, password: string) => {
    const c = new Client(url);
    const r = await c.post('/api/v1/auth/login', { email, password });
    if (r.status !== 200) throw new Error(`login ${email} failed: ${r.status} ${JSON.stringify(r.body)}`);
    return c;
  };
  // A process without the web role has no API to log in to (ROLE).
  const adminClient = config.roles.includes('web') ? await login(admin.email, admin.password) : new Client(url);
  return {
    url,
    engine,
    running,
    admin,
    adminClient,
    login,
    anonymous: () => new Client(url),
    async close() {
      await running.close();
      if (!opts.storage) await storage.drop();
    },
  };
}

/** Runs `fn` once per engine, naming the engine; PostgreSQL is skipped (loudly) when unreachable. */
export async function eachEngine(fn: (engine: Engine) => void | Promise<void>): Promise<void> {
  await fn('sqlite');
  if (!(await missing('postgres'))) await fn('postgres');
}
