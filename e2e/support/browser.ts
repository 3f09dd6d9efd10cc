/** Browser helpers for the e2e tests: Debian's Chromium through playwright-core, with error tracking. */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const outputDir = path.join(root, 'test-output');

/** Why the browser tests cannot run here, or null. With REQUIRE_ALL=1 a missing browser is a failure. */
export function browserMissing(): string | null {
  if (existsSync(CHROMIUM)) return null;
  const msg = `e2e: Chromium not found at ${CHROMIUM} (install Debian's "chromium" package); skipping browser tests`;
  if (process.env.REQUIRE_ALL === '1') throw new Error(`${msg} — REQUIRE_ALL=1 makes this a failure`);
  console.log(msg);
  return msg;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Problems seen by a page: console errors, uncaught exceptions, failed requests and HTTP errors. */
export interface Tracked {
  page: Page;
  context: BrowserContext;
  problems: string[];
  /** Statuses that are expected for a URL substring in this test (e.g. a 404 on purpose). */
  allow(urlPart: string, status: number): void;
}

/** How a page is opened: with scripts off, a page is tried as a browser without JavaScript shows it. */
export interface OpenOptions {
  javaScriptEnabled?: boolean;
}

export async function openPage(browser: Browser, baseUrl: string, options: OpenOptions = {}): Promise<Tracked> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 }, locale: 'en-US', ...options });
  const page = await context.newPage();
  const problems: string[] = [];
  const allowed: { urlPart: string; status: number }[] = [];
  const isAllowed = (url: string, status: number) => allowed.some((a) => a.status === status && url.includes(a.urlPart));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    // Chromium logs every HTTP error answer as a console error too; those are judged below.
    if (/Failed to load resource: the server responded with a status of (\d+)/.test(text)) return;
    problems.push(`console error: ${text}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}${process.env.E2E_STACKS ? `\n${e.stack}` : ''}`));
  page.on('requestfailed', (r) => {
    const failure = r.failure()?.errorText ?? '';
    // Navigations and sockets torn down when a test ends or a page is left are not failures.
    if (/ERR_ABORTED/.test(failure)) return;
    problems.push(`request failed: ${r.method()} ${r.url()} ${failure}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !isAllowed(r.url(), r.status())) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  return { page, context, problems, allow: (urlPart, status) => allowed.push({ urlPart, status }) };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(outputDir, { recursive: true });
  const file = path.join(outputDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

export async function login(t: Tracked, email: string, password: string): Promise<void> {
  const { page } = t;
  // The signed-out probe answers 200 `{user: null}`: any 401 or console error on the login page fails the scenario.
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Views' }).waitFor();
}

/**
 * Runs one browser scenario: pages opened through `open()` are screenshotted at the end (pass or
 * fail) as `<name>.png` or `<name>-<n>.png`, and the scenario fails on any console error or failed request.
 */
export async function scenario(
  browser: Browser,
  baseUrl: string,
  name: string,
  fn: (open: (options?: OpenOptions) => Promise<Tracked>) => Promise<void>,
): Promise<void> {
  const pages: Tracked[] = [];
  const open = async (options?: OpenOptions) => {
    const t = await openPage(browser, baseUrl, options);
    t.context.setDefaultTimeout(10_000);
    pages.push(t);
    return t;
  };
  let error: unknown = null;
  try {
    await fn(open);
  } catch (e) {
    error = e;
  }
  for (const [i, t] of pages.entries()) await screenshot(t.page, pages.length > 1 ? `${name}-${i + 1}` : name).catch(() => {});
  const problems = pages.flatMap((t) => t.problems);
  for (const t of pages) await t.context.close().catch(() => {});
  if (error) {
    if (problems.length && error instanceof Error) error.message += `\nalso seen in the browser:\n${problems.join('\n')}`;
    throw error;
  }
  if (problems.length) throw new Error(`console errors or failed requests:\n${problems.join('\n')}`);
}

/** Waits until the element's text matches. */
export async function waitForText(page: Page, selector: string, text: string | RegExp, timeout = 10_000): Promise<void> {
  const loc = page.locator(selector).filter({ hasText: text });
  await loc.first().waitFor({ timeout });
}
