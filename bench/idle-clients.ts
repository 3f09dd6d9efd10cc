/**
 * A client process of the chat bench's idle part (bench/idle-connections.ts): opens `count` widget
 * connections (hello done) to one server, visitors numbered from `first`, reports when they are all
 * open, and holds them until told to close (or the bench is gone). A process of its own because a
 * process holds only as many sockets as its open-files limit allows.
 *
 * Messages to the parent: `{ progress }` every 5,000, then `{ opened }`; on `'count'` it answers
 * `{ open }` (sockets still open), on `'close'` it closes them and exits.
 */
import WebSocket from 'ws';
import { openVisitor } from './visitor-socket.js';

const [url, channelId, countArg, firstArg] = process.argv.slice(2) as [string, string, string, string];
const count = Number(countArg);
const first = Number(firstArg);
// A few opens in flight keep the server busy without piling up its accept queue.
const IN_FLIGHT = 16;

const conns: WebSocket[] = [];
process.on('message', (m) => {
  if (m === 'count') process.send!({ open: conns.filter((c) => c.readyState === WebSocket.OPEN).length });
  if (m === 'close') {
    for (const c of conns) c.terminate();
    process.exit(0);
  }
});
// The bench is gone (it failed or was stopped): these sockets would keep this process alive.
process.on('disconnect', () => process.exit(0));

let next = 0;
const opener = async () => {
  while (next < count) {
    conns.push(await openVisitor(url, channelId, first + next++));
    if (conns.length % 5000 === 0) process.send!({ progress: conns.length });
  }
};
await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, count) }, opener));
process.send!({ opened: conns.length });
