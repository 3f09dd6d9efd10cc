/**
 * The browser test file for email: one server that sends through a capture SMTP server, the
 * capture server, and one Chromium, for the whole file. Importing this registers the hooks;
 * `server`, `capture` and `browser` are live bindings set before tests run.
 */
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { startCapture } from '../../test/email/support/mail.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import { browserMissing, launch } from './browser.js';
import { ensureWebBuilt } from './fixtures.js';

/** Pass as the test's `skip` option: the reason Chromium is missing, or false. */
export const skip: string | false = browserMissing() ?? false;
export let server: TestServer;
export let browser: Browser;
export let capture: Awaited<ReturnType<typeof startCapture>>;

before(async () => {
  if (skip) return;
  ensureWebBuilt();
  capture = await startCapture();
  server = await startTestServer({ env: { SMTP_RELAY_URL: capture.url } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await capture?.close();
});
