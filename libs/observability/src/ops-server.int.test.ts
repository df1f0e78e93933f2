import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { createMetrics } from './metrics.ts';
import { type OpsServer, startOpsServer } from './ops-server.ts';

const logger = createLogger({ level: 'silent', service: 'test', namespace: 'test' });
let server: OpsServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(readiness: Parameters<typeof startOpsServer>[0]['readiness']) {
  const metrics = createMetrics();
  server = await startOpsServer({ port: 0, host: '127.0.0.1', metrics, readiness, logger });
  const base = `http://127.0.0.1:${server.port}`;
  return { metrics, get: (path: string, init?: RequestInit) => fetch(`${base}${path}`, init) };
}

describe('ops server', () => {
  it('listens on the free port it picked', async () => {
    await start({});
    expect(server?.port).toBeGreaterThan(0);
  });

  it('answers /healthz with 200 while alive', async () => {
    const { get } = await start({});
    const response = await get('/healthz');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 200 when every probe passes and 503 naming the one that fails', async () => {
    let redisUp = true;
    const { get } = await start({
      nats: async () => {},
      redis: async () => {
        if (!redisUp) throw new Error('ECONNREFUSED 127.0.0.1:6379');
      },
    });
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { nats: 'ok', redis: 'ok' } });
    redisUp = false;
    const notReady = await get('/readyz');
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({
      status: 'not_ready',
      checks: { nats: 'ok', redis: 'ECONNREFUSED 127.0.0.1:6379' },
    });
  });

  it('serves the platform counters as Prometheus text on /metrics', async () => {
    const { get, metrics } = await start({});
    metrics.eventPublished('message.received');
    metrics.eventConsumed({ consumer: 'router', type: 'message.received', outcome: 'retry' });
    const response = await get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(metrics.registry.contentType);
    const text = await response.text();
    expect(text).toContain('konstruct_events_published_total{type="message.received"} 1');
    expect(text).toContain('outcome="retry"} 1');
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('answers 404 for any other path and 405 for other methods', async () => {
    const { get } = await start({});
    expect((await get('/')).status).toBe(404);
    expect((await get('/metrics/extra')).status).toBe(404);
    const post = await get('/healthz', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});
