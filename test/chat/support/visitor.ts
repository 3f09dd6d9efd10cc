import WebSocket from 'ws';

/** A widget visitor's socket without the browser: records what it receives, waits for messages. */
export class VisitorClient {
  readonly received: any[] = [];
  private waiters: { pred: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  closed: { code: number; reason: string } | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw));
      this.received.push(m);
      this.waiters = this.waiters.filter((w) => (w.pred(m) ? (w.resolve(m), false) : true));
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
    });
  }

  /** Opens the socket (rejects with the HTTP status when the upgrade is refused). */
  static async open(baseUrl: string, channelId: string, origin = 'http://shop.example'): Promise<VisitorClient> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/v1/widget/socket?channel=${encodeURIComponent(channelId)}`, {
      headers: { origin },
    });
    const c = new VisitorClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_q, res) => reject(new Error(`refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
    return c;
  }

  /** Opens and says hello; resolves with the welcome (or the error that refused it). */
  static async hello(
    baseUrl: string,
    channelId: string,
    hello: Record<string, unknown> = {},
    origin?: string,
  ): Promise<{ v: VisitorClient; welcome: any }> {
    const v = await VisitorClient.open(baseUrl, channelId, origin);
    v.send({ type: 'hello', ...hello });
    const welcome = await v.next((m) => m.type === 'welcome' || m.type === 'error');
    return { v, welcome };
  }

  next(pred: (m: any) => boolean, timeoutMs = 10_000): Promise<any> {
    const seen = this.received.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out; received ${JSON.stringify(this.received).slice(0, 4000)}`)), timeoutMs);
      this.waiters.push({ pred, resolve: (m) => (clearTimeout(t), resolve(m)) });
    });
  }

  /** Resolves with the close code and reason once the server (or anyone) closed the socket. */
  whenClosed(timeoutMs = 10_000): Promise<{ code: number; reason: string }> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('the socket stayed open')), timeoutMs);
      this.ws.once('close', (code, reason) => (clearTimeout(t), resolve({ code, reason: String(reason) })));
    });
  }

  send(m: unknown): void {
    this.ws.send(JSON.stringify(m));
  }

  async say(clientId: string, text: string): Promise<any> {
    this.send({ type: 'message', clientId, text });
    return this.next((m) => (m.type === 'ack' || m.type === 'error') && m.clientId === clientId);
  }

  close(): void {
    this.ws.close();
  }
}
