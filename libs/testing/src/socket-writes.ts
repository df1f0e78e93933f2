/**
 * Counts the `write` calls Node makes on client sockets to one port while `run` runs: how tests
 * show that a client coalesces what many callbacks send (one system call, not one per message).
 * It wraps `net.Socket.prototype.write` and calls through; nothing is changed or faked.
 */
import { Socket } from 'node:net';

export async function countSocketWrites(port: number, run: () => Promise<void>): Promise<number> {
  const original = Socket.prototype.write;
  let writes = 0;
  Socket.prototype.write = function (this: Socket, ...args: Parameters<Socket['write']>) {
    if (this.remotePort === port) {
      writes++;
    }
    return original.apply(this, args);
  } as Socket['write'];
  try {
    await run();
  } finally {
    Socket.prototype.write = original;
  }
  return writes;
}

/** Runs `send(i)` for i in [0, count) in separate callbacks of one event-loop turn. */
export function sendFromSeparateCallbacks(count: number, send: (i: number) => void): Promise<void> {
  return new Promise((resolve) => {
    for (let i = 0; i < count; i++) {
      setImmediate(() => {
        send(i);
        if (i === count - 1) {
          resolve();
        }
      });
    }
  });
}
