import type net from 'node:net';
import type tls from 'node:tls';
import { SMTPServer } from 'smtp-server';
import { SMTPConnection } from 'smtp-server/lib/smtp-connection.js';

type SocketOptions = Parameters<SMTPServer['connect']>[1];

/**
 * smtp-server that greets at once. Its connections otherwise wait 100 ms before the banner
 * (to catch clients that talk first), so with one connection per message each sender could
 * deliver at most ten messages a second per connection. A client that talks before the banner is
 * simply answered in order. Everything else is smtp-server's own `connect()` and `init()`.
 */
export class PromptGreetingServer extends SMTPServer {
  override connect(socket: net.Socket | tls.TLSSocket, socketOptions?: SocketOptions): void {
    const connection = new SMTPConnection(this, socket, socketOptions);
    this.connections.add(connection);
    connection.on('error', (err: Error) => this._onError(err));
    connection.on('connect', (data: unknown) => (this as unknown as { _onClientConnect(d: unknown): void })._onClientConnect(data));
    connection._setListeners(() => {
      if (this.options.maxClients && this.connections.size > this.options.maxClients) {
        return connection.send(421, `${connection.name} Too many connected clients, try again in a moment`, false);
      }
      connection.connectionReady();
    });
  }
}
