import WebSocket from 'ws';

/** A stream client that records everything it receives and can wait for a message. */
export class StreamClient {
  readonly messages: any[] = [];
  private waiters: { pred: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw));
      this.messages.push(m);
      this.waiters = this.waiters.filter((w) => (w.pred(m) ? (w.resolve(m), false) : true));
    });
  }

  static async connect(baseUrl: string, auth: { cookie?: string; bearer?: string }, after?: number): Promise<StreamClient> {
    const headers: Record<string, string> = { origin: baseUrl };
    if (auth.cookie) headers.cookie = auth.cookie;
    if (auth.bearer) headers.authorization = `Bearer ${auth.bearer}`;
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/v1/stream${after !== undefined ? `?after=${after}` : ''}`, { headers });
    const c = new StreamClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_q, res) => reject(new Error(`stream refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
    await c.next((m) => m.type === 'ready');
    return c;
  }

  /** Resolves with the first message (already received or coming) that matches. */
  next(pred: (m: any) => boolean): Promise<any> {
    const seen = this.messages.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }

  send(m: unknown): void {
    this.ws.send(JSON.stringify(m));
  }

  events(): any[] {
    return this.messages.filter((m) => m.type === 'event');
  }

  close(): void {
    this.ws.close();
  }
}
