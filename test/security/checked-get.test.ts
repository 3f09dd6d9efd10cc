/**
 * The checked GET that downloads files from addresses others give us (Messenger attachments and
 * profile pictures): a private address is never connected to, neither directly nor through a
 * redirect of any kind; redirects are bounded; a file over the size limit is refused whole.
 * Two local servers play the parts: 127.0.0.1 stands for "the internet" (the judge allows it
 * alone), 127.0.0.2 for a private network and counts every request that reaches it.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { checkedGet } from '../../src/server/checked-get.js';

let publicBase = '';
let privateBase = '';
let privateHits = 0;
let publicHits = 0;
const servers: http.Server[] = [];
const PUBLIC_ONLY = (address: string) => address === '127.0.0.1';
const BIG = Buffer.alloc(64 * 1024, 7);

async function listen(host: string, handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, host, r));
  return `http://${host}:${(server.address() as AddressInfo).port}`;
}

before(async () => {
  privateBase = await listen('127.0.0.2', (_req, res) => {
    privateHits++;
    res.writeHead(200, { 'content-type': 'text/plain' }).end('secret metadata');
  });
  publicBase = await listen('127.0.0.1', (req, res) => {
    publicHits++;
    const url = new URL(req.url ?? '/', 'http://x');
    const redirect = /^\/redirect\/(\d{3})$/.exec(url.pathname);
    if (redirect) return res.writeHead(Number(redirect[1]), { location: url.searchParams.get('to') ?? '/' }).end();
    const hops = /^\/hops\/(\d+)$/.exec(url.pathname);
    if (hops) {
      const n = Number(hops[1]);
      return res.writeHead(302, { location: n > 0 ? `/hops/${n - 1}` : '/file.png' }).end();
    }
    if (url.pathname === '/file.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from('png!'));
    if (url.pathname === '/big') return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(BIG);
    if (url.pathname === '/big-undeclared') {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' });
      for (let i = 0; i < 16; i++) res.write(BIG.subarray(0, 4096));
      return res.end();
    }
    res.writeHead(404).end();
  });
});
after(() => Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))));

const get = (url: string, allowPrivate: boolean | ((a: string) => boolean) = PUBLIC_ONLY, maxBytes = 16 * 1024) =>
  checkedGet(url, { allowPrivate, maxBytes, timeoutMs: 10_000 });

test('an address in a private network is refused before anything connects to it', async () => {
  const before = privateHits;
  const r = await get(`${privateBase}/latest/meta-data`);
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.reason, 'private');
  assert.equal(privateHits, before);
  // Without a judge, loopback, private and link-local addresses are all refused.
  const publicBefore = publicHits;
  for (const url of [
    `${publicBase}/file.png`,
    'http://[::1]/x',
    'http://10.1.2.3/x',
    'http://169.254.169.254/latest',
    'http://192.168.1.1/',
  ]) {
    const refused = await get(url, false);
    assert.equal(!refused.ok && refused.reason, 'private', url);
  }
  assert.equal(publicHits, publicBefore, 'loopback was not connected to');
});

test('a redirect of any kind to a private address is not followed', async () => {
  for (const status of [301, 302, 303, 307, 308]) {
    const before = privateHits;
    const r = await get(`${publicBase}/redirect/${status}?to=${encodeURIComponent(`${privateBase}/latest/meta-data`)}`);
    assert.equal(!r.ok && r.reason, 'private', String(status));
    assert.equal(privateHits, before, `${status}: the private address was not reached`);
  }
  const scheme = await get(`${publicBase}/redirect/302?to=${encodeURIComponent('file:///etc/passwd')}`);
  assert.equal(!scheme.ok && scheme.reason, 'bad_url');
});

test('a few redirects are followed, more are refused; the file is answered with its type', async () => {
  const r = await get(`${publicBase}/hops/2`);
  assert.ok(r.ok);
  assert.equal(r.data.toString(), 'png!');
  assert.equal(r.contentType, 'image/png');
  assert.equal(r.url, `${publicBase}/file.png`);
  const far = await get(`${publicBase}/hops/5`);
  assert.equal(!far.ok && far.reason, 'too_many_redirects');
});

test('a file over the limit is refused whole, whether its size is declared or not', async () => {
  for (const path of ['/big', '/big-undeclared']) {
    const r = await get(publicBase + path);
    assert.equal(!r.ok && r.reason, 'too_large', path);
    assert.equal(!r.ok && r.permanent, true);
  }
  const fits = await get(`${publicBase}/big`, PUBLIC_ONLY, BIG.length);
  assert.ok(fits.ok);
  assert.equal(fits.data.length, BIG.length);
});
