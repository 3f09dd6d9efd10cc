/**
 * The agent side of `bench/chat.ts`, in a process of its own so that the visitors' traffic in the
 * bench process does not delay what the agent receives: connects to the stream, notes when each
 * visitor message arrives (absolute time, comparable across processes), and reports on request.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

const [url, cookie] = process.argv.slice(2) as [string, string];
const received: Record<string, number> = {};
const agent = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/stream`, { headers: { origin: url, cookie } });
agent.on('message', (raw) => {
  const at = performance.timeOrigin + performance.now();
  const m = JSON.parse(String(raw));
  const text: string | undefined = m.payload?.message?.text;
  if (m.type === 'event' && text?.startsWith('b:')) received[text] = at;
});
agent.once('open', () => process.send!({ ready: true }));
process.on('message', () => {
  process.send!({ received }, () => process.exit(0));
});
