/** HTTP/1.1 by hand over a TCP socket: what a hostile client does (partial bodies, slow headers, many idle connections). */
import net from 'node:net';

export interface RawConnection {
  socket: net.Socket;
  /** Everything the server sent so far. */
  received(): string;
  /** The status code of the first response, once its head arrived (null if the connection closed first), within `timeoutMs`. */
  status(timeoutMs?: number): Promise<number | null>;
  /** Resolves once the server closed the connection (rejects after `timeoutMs`). */
  closedByServer(timeoutMs?: number): Promise<void>;
  write(data: string | Buffer): boolean;
  destroy(): void;
}

export function rawConnect(url: string, opts: { localAddress?: string } = {}): Promise<RawConnection> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: u.hostname, port: Number(u.port), localAddress: opts.localAddress });
    let data = '';
    let closed = false;
    const onChange: (() => void)[] = [];
    const changed = () => onChange.splice(0).forEach((f) => f());
    socket.on('data', (d) => ((data += d.toString('latin1')), changed()));
    socket.on('error', () => undefined);
    socket.on('close', () => ((closed = true), changed()));
    const until = <T>(check: () => T | undefined, timeoutMs: number, what: string) =>
      new Promise<T>((res, rej) => {
        const t = setTimeout(
          () => rej(new Error(`${what} within ${timeoutMs} ms; received ${JSON.stringify(data.slice(0, 300))}`)),
          timeoutMs,
        );
        const test = () => {
          const v = check();
          if (v !== undefined) return (clearTimeout(t), res(v));
          onChange.push(test);
        };
        test();
      });
    socket.once('connect', () =>
      resolve({
        socket,
        received: () => data,
        status: (timeoutMs = 10_000) =>
          until(
            () => {
              const m = /^HTTP\/1\.1 (\d{3})/.exec(data);
              if (m && data.includes('\r\n\r\n')) return Number(m[1]);
              return closed ? null : undefined;
            },
            timeoutMs,
            'no response',
          ),
        closedByServer: (timeoutMs = 10_000) =>
          until(() => (closed ? true : undefined), timeoutMs, 'the connection stayed open').then(() => undefined),
        write: (d) => !closed && socket.write(d),
        destroy: () => socket.destroy(),
      }),
    );
    socket.once('error', reject);
  });
}

/** A request head (CRLFs, Host), with the given headers. */
export function head(method: string, path: string, url: string, headers: Record<string, string | number>): string {
  const lines = [`${method} ${path} HTTP/1.1`, `Host: ${new URL(url).host}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return lines.join('\r\n') + '\r\n\r\n';
}
