/**
 * Extra accept sockets on loopback: a blocked event loop, once free, accepts one connection per
 * listening socket per iteration, so with several sockets a burst is taken in fewer iterations;
 * what they accept is served by the HTTP server as its own.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { type AcceptSockets, addAcceptSockets } from '../src/accept-sockets.ts';

let server: Server | undefined;
let extra: AcceptSockets | undefined;
let clients: Socket[] = [];

afterEach(async () => {
  for (const client of clients) client.destroy();
  clients = [];
  extra?.close();
  extra = undefined;
  server?.closeAllConnections();
  if (server?.listening) await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function startServer(): Promise<{ server: Server; port: number }> {
  const started = createServer((_request, response) => response.end('ok'));
  started.listen({ port: 0, host: '::', reusePort: true });
  await once(started, 'listening');
  const address = started.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  server = started;
  return { server: started, port: address.port };
}

/** Connections accepted in one event-loop iteration after the loop was blocked. */
async function acceptedInOneIteration(http: Server, port: number): Promise<number> {
  let accepted = 0;
  http.on('connection', () => {
    accepted += 1;
  });
  clients = Array.from({ length: 32 }, () => connect(port, '127.0.0.1'));
  return new Promise<number>((resolve) => {
    // after the clients' connect calls (queued the same way, before this)
    process.nextTick(() => {
      // the kernel completes every handshake while the loop is busy
      const until = performance.now() + 150;
      while (performance.now() < until) {
        // blocked, as a busy service is
      }
      // between two check phases lies exactly one poll phase, where accepts happen
      setImmediate(() => {
        const before = accepted;
        setImmediate(() => resolve(accepted - before));
      });
    });
  });
}

describe('extra accept sockets (SO_REUSEPORT)', () => {
  test('a blocked loop, once free, accepts several connections in one iteration, not one', async () => {
    const { server: http, port } = await startServer();
    extra = await addAcceptSockets(http, port, 7);
    expect(await acceptedInOneIteration(http, port)).toBeGreaterThanOrEqual(3);
  });

  test('a client that half-closes after its request still gets the answer, whichever socket took it', async () => {
    const { server: http, port } = await startServer();
    extra = await addAcceptSockets(http, port, 3);
    const answers = await Promise.all(
      Array.from({ length: 16 }, async () => {
        const client = connect(port, '127.0.0.1');
        clients.push(client);
        await once(client, 'connect');
        client.end('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
        const parts: Buffer[] = [];
        for await (const part of client) parts.push(part as Buffer);
        return Buffer.concat(parts).toString('utf8').split('\r\n')[0];
      }),
    );
    expect(answers).toEqual(Array.from({ length: 16 }, () => 'HTTP/1.1 200 OK'));
  });

  test('what they accept is answered by the server', async () => {
    const { server: http, port } = await startServer();
    extra = await addAcceptSockets(http, port, 3);
    const answers = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const response = await fetch(`http://127.0.0.1:${port}/`);
        return response.text();
      }),
    );
    expect(answers).toEqual(Array.from({ length: 12 }, () => 'ok'));
  });
});
