/**
 * A local Web Push service for tests, independent of the sending library: it checks each request's
 * VAPID `Authorization: vapid t=<JWT>, k=<key>` (ES256, `aud` the endpoint's origin, `exp` within
 * 24 h, a `sub`), the `TTL` header, and decrypts the `aes128gcm` body (RFC 8188 / RFC 8291) with the
 * subscription's own private key and auth secret, all with `node:crypto`.
 */
import { createECDH, createPublicKey, createDecipheriv, hkdfSync, randomBytes, verify, type ECDH } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  /** The subscription's name (its path). */
  name: string;
  headers: http.IncomingHttpHeaders;
  jwt: { aud: string; exp: number; sub: string };
  /** The VAPID public key the request was signed with. */
  k: string;
  payload: any;
}

interface Sub {
  ecdh: ECDH;
  auth: Buffer;
  /** Answer these statuses first (one each; the push is not taken), then 201. */
  answers: number[];
}

const b64u = (b: Buffer) => b.toString('base64url');

function checkVapid(header: string | undefined, origin: string): { jwt: Received['jwt']; k: string } {
  const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(header ?? '');
  if (!m) throw new Error(`not a VAPID Authorization header: ${header}`);
  const [h, p, sig] = m[1]!.split('.') as [string, string, string];
  const head = JSON.parse(Buffer.from(h, 'base64url').toString());
  if (head.alg !== 'ES256') throw new Error(`JWT alg ${head.alg}`);
  const raw = Buffer.from(m[2]!, 'base64url');
  if (raw.length !== 65 || raw[0] !== 4) throw new Error('k is not an uncompressed P-256 point');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: b64u(raw.subarray(1, 33)), y: b64u(raw.subarray(33)) },
    format: 'jwk',
  });
  if (!verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64url')))
    throw new Error('the JWT signature does not verify with k');
  const jwt = JSON.parse(Buffer.from(p, 'base64url').toString());
  if (jwt.aud !== origin) throw new Error(`aud ${jwt.aud} is not ${origin}`);
  const now = Date.now() / 1000;
  if (!(jwt.exp > now && jwt.exp <= now + 86_400)) throw new Error(`exp ${jwt.exp} is not within 24 h`);
  if (typeof jwt.sub !== 'string' || !/^(mailto:|https:)/.test(jwt.sub)) throw new Error(`sub ${jwt.sub}`);
  return { jwt, k: m[2]! };
}

/** RFC 8291 §3.4 + RFC 8188: one record, padding delimiter 2. */
function decrypt(body: Buffer, sub: Sub): Buffer {
  const salt = body.subarray(0, 16);
  const idlen = body[20]!;
  const asPublic = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  const uaPublic = sub.ecdh.getPublicKey();
  const ecdhSecret = sub.ecdh.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, sub.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const d = createDecipheriv('aes-128-gcm', cek, nonce);
  d.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const plain = Buffer.concat([d.update(ciphertext.subarray(0, ciphertext.length - 16)), d.final()]);
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end--;
  if (plain[end] !== 2) throw new Error('no last-record padding delimiter');
  return plain.subarray(0, end);
}

export class PushService {
  readonly received: Received[] = [];
  readonly refused: string[] = [];
  private readonly subs = new Map<string, Sub>();

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<PushService> {
    const server = http.createServer();
    const svc = new PushService(server);
    server.on('request', (req, res) => svc.handle(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return svc;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A browser's subscription (what `PushSubscription.toJSON()` gives), its keys made here. */
  subscription(name: string, answers: number[] = []) {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    this.subs.set(name, { ecdh, auth, answers });
    return { endpoint: `${this.origin}/push/${name}`, keys: { p256dh: b64u(ecdh.getPublicKey()), auth: b64u(auth) } };
  }

  of(name: string): Received[] {
    return this.received.filter((r) => r.name === name);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const name = decodeURIComponent((req.url ?? '').replace(/^\/push\//, ''));
      const sub = this.subs.get(name);
      try {
        if (req.method !== 'POST' || !sub) return void res.writeHead(404).end();
        const answer = sub.answers.shift();
        if (answer === 410 || answer === 404) return void res.writeHead(answer).end();
        const { jwt, k } = checkVapid(req.headers.authorization, this.origin);
        if (!/^\d+$/.test(String(req.headers.ttl ?? ''))) throw new Error(`TTL header ${req.headers.ttl}`);
        if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error(`Content-Encoding ${req.headers['content-encoding']}`);
        const payload = JSON.parse(decrypt(Buffer.concat(chunks), sub).toString('utf8'));
        // A failure asked for: the push was not taken.
        if (answer) return void res.writeHead(answer).end();
        this.received.push({ name, headers: req.headers, jwt, k, payload });
        res.writeHead(201).end();
      } catch (err) {
        this.refused.push(`${name}: ${(err as Error).message}`);
        res.writeHead(400).end();
      }
    });
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}
