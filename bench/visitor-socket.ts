/**
 * One website-chat visitor as the widget connects: the socket, `hello`, and the server's welcome.
 * Shared by the chat bench (bench/chat.ts) and its idle client processes (bench/idle-clients.ts).
 */
import WebSocket from 'ws';

/**
 * Opens visitor number `n`. Each visitor comes from its own address (the server trusts
 * X-Forwarded-For), as on the internet, so the per-address limits stay on. The TCP connection
 * comes from one of 8 loopback addresses, because one source address has only ~28,000 ports.
 */
export async function openVisitor(url: string, channelId: string, n: number): Promise<WebSocket> {
  const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/widget/socket?channel=${channelId}`, {
    headers: { origin: 'http://bench.example', 'x-forwarded-for': ip },
    localAddress: `127.0.0.${2 + (n % 8)}`,
    perMessageDeflate: false,
  });
  await new Promise<void>((res, rej) => {
    ws.once('open', () => res());
    ws.once('error', rej);
  });
  const welcome = new Promise<void>((res) => ws.once('message', () => res()));
  ws.send(JSON.stringify({ type: 'hello' }));
  await welcome;
  return ws;
}
