/**
 * The small HTTP server every service runs for operations: `GET /healthz` (the process is
 * alive), `GET /readyz` (every dependency answers, checked in parallel with a timeout each) and
 * `GET /metrics` (Prometheus text). It serves nothing else, holds no tenant data, and logs a
 * readiness change once (not on every poll).
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';
import { checkReadiness, DEFAULT_PROBE_TIMEOUT_MS, type ReadinessProbe } from './readiness.ts';

export interface OpsServerOptions {
  /** 0 picks a free port; the chosen one is returned. */
  readonly port: number;
  /** Interface to bind; all interfaces by default, so Prometheus and orchestrators reach it. */
  readonly host?: string;
  readonly metrics: Pick<Metrics, 'registry'>;
  readonly readiness: Readonly<Record<string, ReadinessProbe>>;
  readonly logger: Logger;
  readonly probeTimeoutMs?: number;
}

export interface OpsServer {
  readonly port: number;
  /** Stops accepting connections and resolves once open ones have finished. */
  close(): Promise<void>;
}

interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const PATHS = ['/healthz', '/readyz', '/metrics'];

export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const route = createRouter(options);
  const server = createServer((request, response) => {
    route(request)
      .catch((error: unknown) => {
        options.logger.error({ err: error, url: request.url }, 'ops request failed');
        return json(500, { status: 'error' });
      })
      .then((reply) => send(response, request.method === 'HEAD', reply))
      .catch((error: unknown) => options.logger.warn({ err: error }, 'ops reply not sent'));
  });
  server.listen(options.port, options.host ?? '0.0.0.0');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  options.logger.info({ port, host: options.host ?? '0.0.0.0' }, 'ops server listening');
  return { port, close: () => closeServer(server) };
}

function createRouter(options: OpsServerOptions): (request: IncomingMessage) => Promise<Reply> {
  const timeoutMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  let lastReady: boolean | undefined;
  return async (request) => {
    const path = new URL(request.url ?? '/', 'http://ops').pathname;
    if (!PATHS.includes(path)) return json(404, { status: 'not_found' });
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return { ...json(405, { status: 'method_not_allowed' }), headers: { allow: 'GET, HEAD' } };
    }
    if (path === '/healthz') return json(200, { status: 'ok' });
    if (path === '/metrics') {
      const { registry } = options.metrics;
      return { status: 200, contentType: registry.contentType, body: await registry.metrics() };
    }
    const { ready, checks } = await checkReadiness(options.readiness, timeoutMs);
    if (ready !== lastReady) {
      if (ready) options.logger.info({ checks }, 'service is ready');
      else options.logger.warn({ checks }, 'service is not ready');
      lastReady = ready;
    }
    return json(ready ? 200 : 503, { status: ready ? 'ready' : 'not_ready', checks });
  };
}

function json(status: number, body: unknown): Reply {
  return { status, contentType: JSON_TYPE, body: JSON.stringify(body) };
}

function send(response: ServerResponse, headOnly: boolean, reply: Reply): void {
  response.writeHead(reply.status, {
    'content-type': reply.contentType,
    'content-length': Buffer.byteLength(reply.body),
    'cache-control': 'no-store',
    ...reply.headers,
  });
  response.end(headOnly ? undefined : reply.body);
}

async function closeServer(server: Server): Promise<void> {
  const closed = once(server, 'close');
  server.close();
  server.closeIdleConnections();
  await closed;
}
