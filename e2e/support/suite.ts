/**
 * The usual browser test file: one server world and one Chromium for the whole file.
 * Importing this registers the hooks; `world` and `browser` are live bindings set before tests run.
 */
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { browserMissing, launch } from './browser.js';
import { startWorld, type World } from './fixtures.js';

/** Pass as the test's `skip` option: the reason Chromium is missing, or false. */
export const skip: string | false = browserMissing() ?? false;
export let world: World;
export let browser: Browser;

before(async () => {
  if (skip) return;
  world = await startWorld();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await world?.close();
});
