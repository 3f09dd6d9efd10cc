/**
 * Avatar and meeting links are shown as `<img src>` and `<a href>` (agent app, widget): only http(s)
 * URLs are accepted; any other scheme, however written, is a 400 naming the field and changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines, engineSuite } from '../support/engines.js';
import { startTestServer, type Client, type TestServer } from '../support/server.js';

const refused = (): string[] => {
  const out: string[] = [];
  for (const scheme of ['javascript', 'data', 'vbscript', 'file', 'ftp', 'blob', 'mailto']) {
    const mixed = [...scheme].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('');
    for (const s of [scheme, scheme.toUpperCase(), mixed]) out.push(`${s}:alert(1)`, `${s}://example.com/%0aalert(1)`, ` ${s}:x`);
  }
  return out;
};

for (const engine of engines) {
  describe(`avatar and meeting link schemes on ${engine}`, await engineSuite(engine), () => {
    let s: TestServer;
    let a: Client;
    before(async () => {
      s = await startTestServer({ engine });
      a = s.adminClient;
      assert.equal(
        (await a.patch('/api/v1/me', { avatarUrl: 'https://img.example.com/me.png', meetingLink: 'https://meet.example.com/me' })).status,
        200,
      );
    });
    after(() => s?.close());

    test('schemes other than http(s) are refused with a clear 400 and nothing changes', async () => {
      for (const field of ['avatarUrl', 'meetingLink'] as const) {
        for (const v of refused()) {
          const r = await a.patch('/api/v1/me', { [field]: v });
          assert.equal(r.status, 400, `${field} ${JSON.stringify(v)}: ${r.status}`);
          assert.equal(r.body.fields?.[field], 'must be an http(s) URL', JSON.stringify(r.body));
        }
      }
      const me = (await a.get('/api/v1/me')).body;
      assert.equal(me.avatarUrl, 'https://img.example.com/me.png');
      assert.equal(me.meetingLink, 'https://meet.example.com/me');
    });

    test('http and https links, and clearing them, still work', async () => {
      for (const v of ['http://localhost:8080/a.png', 'https://cdn.example.com/u/1.png?s=64', 'HTTPS://Meet.Example.com/x']) {
        const r = await a.patch('/api/v1/me', { avatarUrl: v, meetingLink: v });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.avatarUrl, v);
        assert.equal(r.body.meetingLink, v);
      }
      const cleared = await a.patch('/api/v1/me', { avatarUrl: '', meetingLink: null });
      assert.equal(cleared.status, 200);
      assert.equal(cleared.body.avatarUrl, null);
      assert.equal(cleared.body.meetingLink, null);
    });
  });
}
