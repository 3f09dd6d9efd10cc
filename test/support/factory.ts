/**
 * Test data through the public API, with sensible defaults: users (logged in), inboxes,
 * conversations, contacts, messages. Every name and address is unique per call, so tests on a
 * shared server never collide. `testServerPerSuite` starts a server (and its factory) before a
 * describe block's tests and closes it after them.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Engine } from './engines.js';
import { startTestServer, type Client, type TestServer } from './server.js';

/** A password of the right strength for a test user named `name`. */
export const testPassword = (name: string) => `${name}-pass-word-7`;

export interface TestUser {
  id: string;
  email: string;
  name: string;
  /** Logged in as this user (one login: the login route allows 20 a minute per address). */
  client: Client;
}

export class Factory {
  private n = 0;
  private firstInbox: string | null = null;

  constructor(readonly server: TestServer) {}

  /** A short string unique on this server. */
  uniq(): string {
    return `${Date.now().toString(36)}${(this.n++).toString(36)}`;
  }

  /** The inbox every new server has (open to everyone, with an API channel). */
  async defaultInbox(): Promise<string> {
    this.firstInbox ??= (await this.server.adminClient.get('/api/v1/inboxes')).body.items[0].id as string;
    return this.firstInbox;
  }

  /** A user, created by the admin and logged in; an agent unless told otherwise. */
  async user(opts: { name?: string; role?: 'agent' | 'admin' | 'super_admin' } = {}): Promise<TestUser> {
    const name = opts.name ?? `u${this.uniq()}`;
    const email = `${name}@example.com`;
    const r = await this.server.adminClient.post('/api/v1/users', {
      email,
      name,
      role: opts.role ?? 'agent',
      password: testPassword(name),
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return { id: r.body.id as string, email, name, client: await this.server.login(email, testPassword(name)) };
  }

  /** An inbox; open to everyone unless an access list is given. */
  async inbox(opts: { name?: string; access?: { mode: 'everyone' | 'specific'; userIds?: string[]; teamIds?: string[] } } = {}) {
    const access = opts.access ? { userIds: [], teamIds: [], ...opts.access } : undefined;
    const r = await this.server.adminClient.post('/api/v1/inboxes', {
      name: opts.name ?? `Inbox ${this.uniq()}`,
      ...(access ? { access } : {}),
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body as { id: string; name: string };
  }

  /** A contact (shared record). */
  async contact(opts: { name?: string; email?: string; as?: Client } = {}) {
    const r = await (opts.as ?? this.server.adminClient).post('/api/v1/contacts', {
      name: opts.name ?? `Contact ${this.uniq()}`,
      email: opts.email ?? `c${this.uniq()}@example.com`,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body as { id: string; name: string; email: string };
  }

  /** A conversation started by an agent (the admin unless `as`) in an inbox (the default one unless given), with a new contact. */
  async conversation(opts: { inboxId?: string; as?: Client; contactEmail?: string; body?: string } = {}) {
    const inboxId = opts.inboxId ?? (await this.defaultInbox());
    const r = await (opts.as ?? this.server.adminClient).post(`/api/v1/inboxes/${inboxId}/conversations`, {
      contact: { email: opts.contactEmail ?? `c${this.uniq()}@example.com` },
      body: opts.body ?? 'hi',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body as { id: string; inboxId: string } & Record<string, unknown>;
  }

  /** A reply (or a comment) on a conversation, by the admin unless `as`. */
  async message(conversationId: string, opts: { body?: string; kind?: 'reply' | 'comment'; as?: Client } = {}) {
    const r = await (opts.as ?? this.server.adminClient).post(`/api/v1/conversations/${conversationId}/messages`, {
      kind: opts.kind ?? 'reply',
      body: opts.body ?? 'a reply',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body as { id: string } & Record<string, unknown>;
  }
}

/**
 * A test server for the tests of one describe block: started before them, closed after them.
 * Read `s` and `f` inside tests (they are set once `before` has run).
 */
export function testServerPerSuite(engine: Engine, env?: Record<string, string>): { readonly s: TestServer; readonly f: Factory } {
  let server: TestServer | undefined;
  let factory: Factory | undefined;
  before(async () => {
    server = await startTestServer({ engine, env });
    factory = new Factory(server);
  });
  after(() => server?.close());
  return {
    get s() {
      assert.ok(server, 'the server starts in before()');
      return server;
    },
    get f() {
      assert.ok(factory, 'the server starts in before()');
      return factory;
    },
  };
}
