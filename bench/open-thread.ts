/**
 * `npm run bench -- open-thread [--base DIR] [--messages 1000] [--rate 10] [--seconds 10] [--cpu-throttle 4]`
 *
 * An agent has a conversation of N messages open in headless Chromium while the contact writes
 * `rate` messages a second for `seconds` seconds (API channel, `POST /conversations/:id/incoming`).
 * Counts the HTTP requests the page makes per arriving message (by path), how long each message
 * takes from its POST's answer to its line in the thread, and the frame times
 * (requestAnimationFrame deltas: median, p95, longest) while they arrive. With `--base DIR` (a
 * checkout of another commit, node_modules linked in) it runs that app too, and prints both side
 * by side. Each app is built into its own dist/web first and served by a server process of its own
 * on SQLite. A benchmark, not a test: it prints figures.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const total = Number(opt('messages') ?? 1000);
const rate = Number(opt('rate') ?? 10);
const seconds = Number(opt('seconds') ?? 10);
const base = opt('base');
const throttle = Number(opt('cpu-throttle') ?? 1);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ADMIN = { email: 'admin@example.com', password: 'admin-password-1' };

interface Result {
  name: string;
  openMs: number;
  openRequests: number;
  sent: number;
  requests: Map<string, number>;
  shownMs: number[];
  missing: number;
  frames: number[];
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};

/** The server of the app checked out at `root`, on a data directory of its own. */
function startServer(root: string, dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/email/support/child-server.ts')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /READY (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}

const RECORDER = `(() => {
  const w = window;
  w.__frames = [];
  w.__shown = {};
  w.__stop = false;
  let last = performance.now();
  const tick = (t) => {
    w.__frames.push(t - last);
    last = t;
    if (!w.__stop) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  new MutationObserver(() => {
    for (const el of document.querySelectorAll('.thread [data-kind="incoming"] .msg-text')) {
      const m = /^live (\\d+)$/.exec(el.textContent || '');
      if (m && !(m[1] in w.__shown)) w.__shown[m[1]] = Date.now();
    }
  }).observe(document.body, { childList: true, subtree: true });
})()`;

async function run(name: string, root: string): Promise<Result> {
  console.log(`${name}: building ${root}/dist/web`);
  const b = spawnSync(process.execPath, [path.join(root, 'scripts/build-web.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) throw new Error(`${name}: web build failed`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-thread-'));
  const { child, url } = await startServer(root, dataDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify(ADMIN),
    });
    const cookie = /sb_session=([^;]*)/.exec(login.headers.get('set-cookie') ?? '')![1]!;
    const call = async <T>(method: string, p: string, body?: unknown): Promise<T> => {
      const r = await fetch(`${url}/api/v1${p}`, {
        method,
        headers: { cookie: `sb_session=${cookie}`, origin: url, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
      return (await r.json()) as T;
    };
    const inbox = (await call<{ items: { id: string }[] }>('GET', '/inboxes')).items[0]!;
    const conv = await call<{ id: string }>('POST', `/inboxes/${inbox.id}/conversations`, {
      contact: { email: 'reader@example.com', name: 'Rea Der' },
      subject: 'A long thread',
      body: 'message 1',
    });
    for (let i = 2; i <= total; i += 8) {
      await Promise.all(
        Array.from({ length: Math.min(8, total - i + 1) }, (_, k) =>
          call('POST', `/conversations/${conv.id}/incoming`, { body: `message ${i + k}` }),
        ),
      );
    }

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    await context.addCookies([{ name: 'sb_session', value: cookie, url }]);
    const page = await context.newPage();
    // A slower device (a phone, a busy laptop): Chromium runs the page's work this many times slower.
    if (throttle > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: throttle });
    const requests: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/v1/') && r.resourceType() !== 'websocket') requests.push(`${r.method()} ${u.pathname}`);
    });
    const t0 = Date.now();
    await page.goto(`${url}/inbox/${inbox.id}/all/${conv.id}`);
    // Open once the newest of the N shows: an app that draws every message has drawn them all by then, a
    // virtualised thread draws the screenful around it.
    await page.waitForFunction(
      (n) => [...document.querySelectorAll('.thread [data-kind="incoming"] .msg-text')].some((el) => el.textContent === `message ${n}`),
      total,
      { timeout: 120_000 },
    );
    const openMs = Date.now() - t0;
    // Settle: whatever the open started has finished.
    await page.waitForTimeout(1500);
    const openRequests = requests.length;
    requests.length = 0;

    // Frames and the moment each new message shows, recorded in the page (a string: tsx would name the functions).
    await page.evaluate(RECORDER);

    const count = rate * seconds;
    const answered: number[] = [];
    const posts: Promise<unknown>[] = [];
    const start = Date.now();
    for (let i = 0; i < count; i++) {
      const due = start + (i * 1000) / rate;
      await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
      posts.push(call('POST', `/conversations/${conv.id}/incoming`, { body: `live ${i}` }).then(() => (answered[i] = Date.now())));
    }
    await Promise.all(posts);
    // Every message shown (or 15 s for the slow ones), then what that triggered settles.
    await page
      .waitForFunction((n) => Object.keys((window as unknown as { __shown: object }).__shown).length >= n, count, { timeout: 15_000 })
      .catch(() => undefined);
    await page.waitForTimeout(1500);
    const { frames, shown } = await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __shown: Record<string, number>; __stop: boolean };
      w.__stop = true;
      return { frames: w.__frames.slice(1), shown: w.__shown };
    });
    const byPath = new Map<string, number>();
    for (const r of requests) {
      const key = r.replace(/\/[0-9A-Za-z_-]{16,}/g, '/:id');
      byPath.set(key, (byPath.get(key) ?? 0) + 1);
    }
    const shownMs = answered.map((a, i) => (shown[String(i)] ?? NaN) - a).filter((x) => !Number.isNaN(x));
    return { name, openMs, openRequests, sent: count, requests: byPath, shownMs, missing: count - shownMs.length, frames };
  } finally {
    await browser.close();
    await new Promise<void>((r) => (child.exitCode !== null ? r() : (child.once('exit', () => r()), child.kill('SIGTERM'))));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const results: Result[] = [];
if (base) results.push(await run('before', path.resolve(base)));
results.push(await run(base ? 'after' : 'this', here));

const f1 = (x: number) => (Number.isNaN(x) ? '—' : x.toFixed(1));
const rows: [string, (r: Result) => string][] = [
  ['thread open (ms, until the newest shows)', (r) => String(r.openMs)],
  ['requests to open', (r) => String(r.openRequests)],
  ['messages sent', (r) => String(r.sent)],
  ['requests per message', (r) => (([...r.requests.values()].reduce((a, b) => a + b, 0) / r.sent) as number).toFixed(2)],
  ...[...new Set(results.flatMap((r) => [...r.requests.keys()]))]
    .sort()
    .map((k): [string, (r: Result) => string] => [`  ${k}`, (r) => ((r.requests.get(k) ?? 0) / r.sent).toFixed(2)]),
  ['message shown after POST: median ms', (r) => f1(pct(r.shownMs, 50))],
  ['  p95 ms', (r) => f1(pct(r.shownMs, 95))],
  ['  not shown within 15 s', (r) => String(r.missing)],
  ['frame time: median ms', (r) => f1(pct(r.frames, 50))],
  ['  p95 ms', (r) => f1(pct(r.frames, 95))],
  ['  longest ms', (r) => f1(Math.max(...r.frames))],
  ['  frames over 50 ms', (r) => String(r.frames.filter((x) => x > 50).length)],
];
console.log(
  `\nAn open conversation of ${total} messages receiving ${rate} messages a second for ${seconds} s${throttle > 1 ? ` (CPU ${throttle}x slower)` : ''}`,
);
const w0 = Math.max(...rows.map(([l]) => l.length)) + 2;
console.log(`${''.padEnd(w0)}${results.map((r) => r.name.padStart(12)).join('')}`);
for (const [label, get] of rows) console.log(`${label.padEnd(w0)}${results.map((r) => get(r).padStart(12)).join('')}`);
