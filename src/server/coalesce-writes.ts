import type { Socket } from 'node:net';

/**
 * Everything written to `socket` during one turn of the event loop leaves in one system call:
 * the replies to pipelined SMTP commands (RFC 2920), the events a commit publishes to an agent's
 * stream. Each write is its own syscall otherwise, and on these machines a syscall costs more
 * than the reply. The writes go out at the end of the turn (setImmediate), before any timer.
 */
export function coalesceWrites(socket: Socket): void {
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  let corked = false;
  socket.write = ((...args: unknown[]) => {
    if (!corked) {
      corked = true;
      socket.cork();
      setImmediate(() => {
        corked = false;
        socket.uncork();
      });
    }
    return write(...args);
  }) as Socket['write'];
}
