/**
 * The built agent app and the widget as a browser gets them: the build's brotli or gzip copy when
 * the browser accepts one, hashed assets cached for a year, index.html asked again every time.
 * A small build stands in for dist/ and goes through the real precompress step.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { root } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';

const script = `export const words = [${Array.from({ length: 400 }, (_, i) => `"word-${i}"`).join(',')}];\n`;
const widget = `(function(){var texts=[${Array.from({ length: 300 }, (_, i) => `"text ${i}"`).join(',')}];})();\n`;

/** A GET whose body is left as sent (no decoding), with the headers given and no others. */
function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('built assets: compression and caching', () => {
  let s: TestServer;
  before(async () => {
    const dist = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-assets-')), 'dist');
    fs.mkdirSync(path.join(dist, 'web/assets'), { recursive: true });
    fs.mkdirSync(path.join(dist, 'widget'), { recursive: true });
    fs.writeFileSync(
      path.join(dist, 'web/index.html'),
      '<!doctype html><title>Switchboard</title><script type="module" src="/assets/index-AbC123.js"></script>',
    );
    fs.writeFileSync(path.join(dist, 'web/assets/index-AbC123.js'), script);
    fs.writeFileSync(path.join(dist, 'widget/widget.js'), widget);
    const r = spawnSync(process.execPath, [path.join(root, 'scripts/precompress.mjs'), path.join(dist, 'web'), path.join(dist, 'widget')], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    s = await startTestServer({ webDir: path.join(dist, 'web') });
  });
  after(() => s?.close());

  test('a hashed script: brotli or gzip as accepted, plain otherwise, cached for a year', async () => {
    const url = `${s.url}/assets/index-AbC123.js`;
    const br = await get(url, { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(br.status, 200);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.ok(br.body.length < script.length / 3, `${br.body.length} bytes sent for ${script.length}`);
    assert.equal(brotliDecompressSync(br.body).toString(), script);
    assert.match(br.headers['content-type'] ?? '', /javascript/);

    const gz = await get(url, { 'accept-encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.body).toString(), script);

    const plain = await get(url);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body.toString(), script);

    for (const r of [br, gz, plain]) {
      assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.match(r.headers.vary ?? '', /accept-encoding/i);
    }
  });

  test('index.html, at / and at any app path, is revalidated every time', async () => {
    for (const p of ['/', '/index.html', '/inbox/some-conversation']) {
      const r = await get(`${s.url}${p}`, { 'accept-encoding': 'gzip, br' });
      assert.equal(r.status, 200, p);
      assert.match(r.body.toString(), /\/assets\/index-AbC123\.js/, p);
      assert.equal(r.headers['cache-control'], 'no-cache', p);
    }
  });

  test('/widget.js: brotli or gzip as accepted, plain otherwise, cached five minutes (its URL never changes)', async () => {
    const br = await get(`${s.url}/widget.js`, { 'accept-encoding': 'br;q=1, gzip;q=0.5' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(brotliDecompressSync(br.body).toString(), widget);
    const gz = await get(`${s.url}/widget.js`, { 'accept-encoding': 'gzip, br;q=0' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.body).toString(), widget);
    const plain = await get(`${s.url}/widget.js`);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body.toString(), widget);
    for (const r of [br, gz, plain]) {
      assert.equal(r.headers['cache-control'], 'public, max-age=300');
      assert.match(r.headers.vary ?? '', /accept-encoding/i);
    }
  });
});
