/**
 * A real DNS server on loopback (dns2, UDP and TCP on one port) for sender-authentication tests:
 * the records are a plain map the test changes as it goes; unknown names answer NXDOMAIN.
 * Give the server its `address` as DNS_SERVERS.
 */
import dns2 from 'dns2';

const { Packet } = dns2;

export interface TestDns {
  /** `127.0.0.1:<port>`, the form DNS_SERVERS takes. */
  address: string;
  /** name (lower case, no trailing dot) → TXT strings (each record one string; long ones are split into 255-byte chunks). */
  txt: Map<string, string[]>;
  /** Every name asked for, in order (tests check what was looked up). */
  asked: string[];
  /** Names never answered (a DNS server that hangs). */
  silent: Set<string>;
  close(): Promise<void>;
}

export async function startTestDns(): Promise<TestDns> {
  const txt = new Map<string, string[]>();
  const asked: string[] = [];
  const silent = new Set<string>();
  const handle = (request: any, send: (r: any) => void) => {
    const response = Packet.createResponseFromRequest(request);
    const [q] = request.questions;
    const name = String(q?.name ?? '')
      .toLowerCase()
      .replace(/\.$/, '');
    asked.push(name);
    if (silent.has(name)) return;
    const records = txt.get(name);
    if (q?.type === Packet.TYPE.TXT && records) {
      for (const r of records) {
        const chunks = r.match(/[\s\S]{1,255}/g) ?? [''];
        response.answers.push({ name: q.name, type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 1, data: chunks } as any);
      }
    } else if (!records) {
      response.header.rcode = 3; // NXDOMAIN
    }
    send(response);
  };
  for (let attempt = 0; ; attempt++) {
    const server = dns2.createServer({ udp: true, tcp: true, handle } as any);
    const udp = (server as any).servers.udp;
    await udp.listen(0, '127.0.0.1');
    const port = udp.address().port as number;
    try {
      await new Promise<void>((resolve, reject) => {
        const tcp = (server as any).servers.tcp;
        tcp.once('error', reject);
        tcp.listen(port, '127.0.0.1', () => resolve());
      });
    } catch (err) {
      await server.close().catch(() => undefined);
      if (attempt < 5) continue;
      throw err;
    }
    // A resolver may keep a TCP connection open (the server's, in this same process, outlives it): closing the
    // listener waits for every connection to end, so close ends them rather than wait for ever.
    const connections = new Set<import('node:net').Socket>();
    (server as any).servers.tcp.on('connection', (c: import('node:net').Socket) => {
      connections.add(c);
      c.once('close', () => connections.delete(c));
    });
    return {
      address: `127.0.0.1:${port}`,
      txt,
      asked,
      silent,
      // Never waits for ever: CI once hung 15 minutes in a file's last hook with only this server's UDP socket
      // left open. What is not closed within two seconds is let go (unref'd) so the process can end.
      close: async () => {
        for (const c of connections) c.destroy();
        await Promise.race([server.close().catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
        (server as any).servers.udp.unref?.();
        (server as any).servers.tcp.unref?.();
      },
    };
  }
}
