/**
 * More listening sockets for one HTTP server on its own port (SO_REUSEPORT), each handing what it
 * accepts to that server, which serves and tracks those connections as its own. Why: libuv
 * accepts one connection per listening socket per event-loop iteration (libuv/libuv#3696, Node
 * 20 and later), so a busy process — its iterations take 10–15 ms under load — took a burst of
 * new Slack connections one per iteration, the last about a second late (past Slack's 3 s once
 * it waits for the answer too). The kernel spreads new connections over the sockets of the port,
 * so n sockets accept up to n per iteration. The server must itself listen with
 * `reusePort: true` (Linux 3.9+; Node 22.12+), on every address, as these do — on a port first
 * claimed with `claimPort`: a port some process already listens on must stay an error
 * (EADDRINUSE), not be shared with it, as SO_REUSEPORT would between processes of one user.
 */
import { once } from 'node:events';
import type { Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';

/**
 * The port to serve on (`0`: a free one), after checking that nothing listens on it: a plain
 * listen (without SO_REUSEPORT) fails with EADDRINUSE where any socket is bound.
 */
export async function claimPort(port: number): Promise<number> {
  const probe = createServer();
  probe.listen({ port });
  await once(probe, 'listening');
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

export interface AcceptSockets {
  /**
   * Stops accepting on the added sockets at once. The connections they accepted are the HTTP
   * server's: its own shutdown ends them (a net server's close would wait for them).
   */
  close(): void;
}

export async function addAcceptSockets(
  server: HttpServer,
  port: number,
  count: number,
): Promise<AcceptSockets> {
  const sockets: Server[] = [];
  const close = () => {
    for (const socket of sockets) if (socket.listening) socket.close();
  };
  try {
    for (let i = 0; i < count; i++) {
      // the socket options Node's HTTP server gives the connections it accepts itself
      // (accepting sets them, so connections handed over would otherwise lack them)
      const socket = createServer({ allowHalfOpen: true, noDelay: true }, (connection) =>
        server.emit('connection', connection),
      );
      sockets.push(socket);
      socket.listen({ port, reusePort: true });
      await once(socket, 'listening');
    }
  } catch (error) {
    close();
    throw error;
  }
  return { close };
}
