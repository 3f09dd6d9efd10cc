/** The realtime stream: one WebSocket, reconnecting with resume from the last event id. */
import type { StreamClientMessage, StreamServerMessage } from '../../common/api.js';
import { api } from './http.js';

/** The server closed the socket because its session or token ended (logout, password change, deactivation). */
const ACCESS_ENDED = 4001;

export type StreamStatus = 'connecting' | 'open' | 'closed';
type Listener = (msg: StreamServerMessage) => void;

export class StreamClient {
  private ws: WebSocket | null = null;
  private listeners = new Set<Listener>();
  private statusListeners = new Set<(s: StreamStatus) => void>();
  private lastEventId: number | null = null;
  private retry = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private ping: ReturnType<typeof setInterval> | null = null;
  private stopped = false;
  private presence: StreamClientMessage | null = null;
  status: StreamStatus = 'closed';
  /** True once a connection was lost and made again: a `ready` then means "catch up". */
  resumed = false;
  private opened = 0;

  start(): void {
    this.stopped = false;
    this.opened = 0;
    this.lastEventId = null;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.ping) clearInterval(this.ping);
    this.ws?.close(1000);
    this.ws = null;
    this.setStatus('closed');
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  onStatus(fn: (s: StreamStatus) => void): () => void {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  /** Presence is remembered and sent again after a reconnect. */
  send(msg: StreamClientMessage): void {
    if (msg.type === 'presence') this.presence = msg.state === 'left' ? null : msg;
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }

  private setStatus(s: StreamStatus): void {
    this.status = s;
    for (const fn of this.statusListeners) fn(s);
  }

  private open(): void {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const after = this.lastEventId === null ? '' : `?after=${this.lastEventId}`;
    const ws = new WebSocket(`${proto}//${location.host}/api/v1/stream${after}`);
    this.ws = ws;
    this.setStatus('connecting');
    ws.onopen = () => {
      this.retry = 0;
      this.resumed = this.opened++ > 0;
      this.setStatus('open');
      if (this.presence) ws.send(JSON.stringify(this.presence));
      this.ping = setInterval(() => this.send({ type: 'ping' }), 25_000);
    };
    ws.onmessage = (e) => {
      let msg: StreamServerMessage;
      try {
        msg = JSON.parse(String(e.data)) as StreamServerMessage;
      } catch {
        return;
      }
      if (msg.type === 'event') this.lastEventId = Math.max(this.lastEventId ?? 0, msg.id);
      if (msg.type === 'ready' && this.lastEventId === null) this.lastEventId = msg.lastEventId;
      // Too far behind to replay: what is shown gets reloaded on the `ready` that follows.
      if (msg.type === 'reset') this.resumed = true;
      for (const fn of this.listeners) fn(msg);
    };
    ws.onclose = (e) => {
      if (this.ping) clearInterval(this.ping);
      this.ping = null;
      if (this.ws !== ws || this.stopped) return;
      // Access ended: asking who we are answers 401, which shows the sign-in page.
      if (e.code === ACCESS_ENDED) void api.get('/me', {}, { quiet: [401] }).catch(() => undefined);
      this.setStatus('closed');
      // 4029: this user has too many streams open (other tabs); try again later rather than soon.
      const delay = e.code === 4029 ? 30_000 : Math.min(10_000, 500 * 2 ** this.retry++);
      this.timer = setTimeout(() => this.open(), delay);
    };
  }
}

export const stream = new StreamClient();
