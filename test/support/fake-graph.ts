/**
 * A local server speaking the part of Meta's Graph API the Messenger channel uses: the Send API
 * (`POST /{version}/me/messages?access_token=…`, answering `{recipient_id, message_id}`), the User
 * Profile (`GET /{version}/{psid}?fields=…`, its `profile_pic` a PNG at `/pics/<psid>.png`), and files at
 * `/files/<name>` (attachment URLs). A wrong
 * token answers Graph's OAuthException (code 190); `failNext` queues another error.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GraphCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, any>;
  status: number;
}

/** Every profile's picture: an 8×8 checked PNG. */
export const PICTURE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAG0lEQVR4nGN4Ns1GI+8EJsmAVfTZNBuGQakDAJdCYsGRuMujAAAAAElFTkSuQmCC',
  'base64',
);

export async function startFakeGraph(opts: {
  token: string;
  version?: string;
  profiles?: Record<string, { first_name: string; last_name: string }>;
}) {
  const version = opts.version ?? 'v23.0';
  const calls: GraphCall[] = [];
  const files = new Map<string, { type: string; data: Buffer }>();
  const failures: { code: number; message: string; status: number }[] = [];
  const failWhen: { when: (body: Record<string, any>) => boolean; code: number; message: string; status: number }[] = [];
  let seq = 0;
  let base = '';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      let body: Record<string, any> = {};
      try {
        body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any>) : {};
      } catch {
        /* answered below */
      }
      const json = (status: number, b: unknown) => {
        calls.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body, status });
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(b));
      };
      const pic = /^\/pics\/(\d+)\.png$/.exec(url.pathname);
      if (pic && opts.profiles?.[pic[1]!]) {
        calls.push({ method: 'GET', path: url.pathname, query: url.searchParams, body, status: 200 });
        return res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(PICTURE.length) }).end(PICTURE);
      }
      if (url.pathname.startsWith('/files/')) {
        const f = files.get(url.pathname.slice('/files/'.length));
        if (!f) return json(404, { error: { message: 'Unknown file', code: 100 } });
        calls.push({ method: 'GET', path: url.pathname, query: url.searchParams, body, status: 200 });
        return res.writeHead(200, { 'content-type': f.type, 'content-length': String(f.data.length) }).end(f.data);
      }
      if (!url.pathname.startsWith(`/${version}/`))
        return json(400, { error: { message: 'Unknown path', type: 'GraphMethodException', code: 100 } });
      if (url.searchParams.get('access_token') !== opts.token)
        return json(400, { error: { message: 'Error validating access token', type: 'OAuthException', code: 190, error_subcode: 460 } });
      const at = failWhen.findIndex((f) => f.when(body));
      const fail = failures.shift() ?? (at >= 0 ? failWhen.splice(at, 1)[0] : undefined);
      if (fail) return json(fail.status, { error: { message: fail.message, type: 'OAuthException', code: fail.code } });
      const rest = url.pathname.slice(version.length + 2);
      if (req.method === 'POST' && rest === 'me/messages') {
        if (!body.recipient?.id) return json(400, { error: { message: '(#100) The parameter recipient is required', code: 100 } });
        if (body.sender_action) return json(200, { recipient_id: body.recipient.id });
        return json(200, { recipient_id: body.recipient.id, message_id: `m_sent_${++seq}` });
      }
      if (req.method === 'GET' && /^\d+$/.test(rest)) {
        const p = opts.profiles?.[rest];
        if (!p) return json(400, { error: { message: 'Unsupported get request', code: 100, error_subcode: 33 } });
        return json(200, { ...p, profile_pic: `${base}/pics/${rest}.png`, id: rest });
      }
      return json(400, { error: { message: 'Unknown path', code: 100 } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    version,
    calls,
    /** The Send API calls with a message (not sender actions). */
    sends: () => calls.filter((c) => c.path.endsWith('/me/messages') && c.body.message),
    /** A file the webhook's attachment URLs point at. */
    file(name: string, type: string, data: Buffer) {
      files.set(name, { type, data });
      return `${base}/files/${name}`;
    },
    /** The first Graph call whose body matches `when` answers this error (once). */
    failWhen(when: (body: Record<string, any>) => boolean, code: number, message: string, status = 400) {
      failWhen.push({ when, code, message, status });
    },
    /** The next Graph call answers this error. */
    failNext(code: number, message: string, status = 400) {
      failures.push({ code, message, status });
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
