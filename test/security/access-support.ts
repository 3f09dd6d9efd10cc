/** Helpers for the access tests: waiting for a stream socket to be closed by the server. */
import { StreamClient } from '../support/stream.js';

const closes = new WeakMap<StreamClient, Promise<number>>();

/** A stream socket whose close code is kept from the start (it may close before anyone waits). */
export async function openStream(baseUrl: string, auth: { cookie?: string; bearer?: string }): Promise<StreamClient> {
  const c = await StreamClient.connect(baseUrl, auth);
  closes.set(
    c,
    c.ws.readyState === c.ws.CLOSED ? Promise.resolve(-1) : new Promise((resolve) => c.ws.once('close', (code) => resolve(code))),
  );
  return c;
}

/** Resolves with the close code once the server closed the socket; rejects after `ms`. */
export function closedWithin(c: StreamClient, ms: number): Promise<number> {
  const closed = closes.get(c);
  if (!closed) throw new Error('open the socket with openStream()');
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    closed,
    new Promise<number>((_, reject) => (timer = setTimeout(() => reject(new Error(`the socket is still open after ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

/** True while the socket stays open for `ms`. */
export async function staysOpen(c: StreamClient, ms: number): Promise<boolean> {
  await new Promise((r) => setTimeout(r, ms));
  return c.ws.readyState === c.ws.OPEN;
}

export const inFuture = (ms: number) => new Date(Date.now() + ms).toISOString();

import { Factory, testPassword } from '../support/factory.js';
import { Client, type TestServer } from '../support/server.js';

let n = 0;
export const uniq = () => `${Date.now().toString(36)}${(n++).toString(36)}`;
export const pw = testPassword;

/** A fresh agent, logged in (one login: the login route allows 20 a minute per address). */
export const newAgent = (s: TestServer, name = `u${uniq()}`) => new Factory(s).user({ name });

export function bearerClient(s: TestServer, token: string): Client {
  const c = new Client(s.url);
  c.bearer = token;
  return c;
}
