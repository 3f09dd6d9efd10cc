/**
 * For the website chat e2e files: a host page on another origin (another port) that embeds the
 * widget's install snippet, and the per-engine world (SQLite and PostgreSQL) with its Chromium.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { missing, type Engine } from '../../test/support/engines.js';
import { browserMissing, launch } from './browser.js';
import { startWorld, type World } from './fixtures.js';

export interface HostPage {
  url: string;
  /** The snippet the pages embed from now on. */
  snippet: string;
  close(): Promise<void>;
}

export async function startHostPage(): Promise<HostPage> {
  const page: HostPage = { url: '', snippet: '', close: async () => undefined };
  const server = http.createServer((req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    // The host page's own styles must not reach into the widget (and vice versa).
    res.end(`<!doctype html><html><head><meta name="viewport" content="width=device-width,initial-scale=1"><title>Shop</title>
<style>body{font-family:Georgia,serif;margin:40px;background:#fdf6e3} button{background:red!important;font-size:30px!important} li{color:green}</style></head>
<body><h1>Acme Shop</h1><p id="content">Our pricing page. ${String(req.url).replace(/[<>&"]/g, '')}</p>${page.snippet}</body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  page.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  page.close = () => new Promise<void>((r) => server.close(() => r()));
  return page;
}

/** Why the chat browser suite cannot run on this engine, or false. */
export async function chatSkip(engine: Engine): Promise<string | false> {
  return browserMissing() ?? (engine === 'postgres' ? await missing('postgres') : null) ?? false;
}

/** Registers hooks (inside a describe) for one world on `engine` and one Chromium; read them through the returned getters. */
export function chatWorld(engine: Engine, env?: Record<string, string>): { world(): World; browser(): Browser } {
  let world: World | undefined;
  let browser: Browser | undefined;
  before(async () => {
    world = await startWorld({ engine, env });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await world?.close();
  });
  return { world: () => world!, browser: () => browser! };
}
