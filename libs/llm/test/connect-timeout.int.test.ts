import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import type { LoopbackServer } from '@konstruct/testing';
import { startOpenAiServer } from '@konstruct/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmPool } from '../src/index.ts';
import { collect, deployment, HELLO, poolConfig, TEST_ENV, timedFailure } from './llm-test-pool.ts';

/**
 * A TCP server that accepts connections and never answers: an https client's TLS handshake
 * never completes, so its connect (TCP + TLS) cannot finish — deterministic, on loopback.
 */
let silent: Server;
const silentSockets: Socket[] = [];
let stalledTlsUrl: string;
let openai: LoopbackServer;
beforeAll(async () => {
  silent = createServer((socket) => silentSockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  stalledTlsUrl = `https://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  openai = await startOpenAiServer();
});
afterAll(async () => {
  for (const socket of silentSockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  await openai.close();
});

const CONNECT_MS = 200;
/** undici's connect timer ticks every ~0.5 s (its fast timers): it fires within connectMs + 1.5 s. */
const CONNECT_SLACK_MS = 1_500;
const timeouts = { connectMs: CONNECT_MS, totalMs: 5_000 };
const call = { group: 'quality', tenantId: 't1' } as const;

function pool(deployments: string[]) {
  return createLlmPool(
    poolConfig(
      [
        deployment('stalled', 'openai', stalledTlsUrl, { timeouts }),
        deployment('gpt', 'openai', openai.url, { timeouts }),
      ],
      { quality: { deployments }, fast: { deployments: ['gpt'] } },
    ),
    { env: TEST_ENV },
  );
}

describe('the connect timeout', () => {
  it('fails a connection whose TLS handshake never completes within connectMs, as retryable unavailable', async () => {
    const { error, ms } = await timedFailure(pool(['stalled']).complete(HELLO, call));
    expect(error).toMatchObject({ code: 'unavailable', deployment: 'stalled' });
    expect(error.cause).toMatchObject({ code: 'unavailable', retryable: true });
    expect(error.message).toContain(`no connection within ${CONNECT_MS} ms (connect timeout)`);
    expect(ms).toBeGreaterThanOrEqual(CONNECT_MS - 20);
    expect(ms).toBeLessThan(CONNECT_MS + CONNECT_SLACK_MS);
  });

  it('lets the pool fall back to the next deployment, for a stream too', async () => {
    const started = performance.now();
    const result = await pool(['stalled', 'gpt']).complete(HELLO, call);
    expect(result.deployment).toBe('gpt');
    const events = await collect(pool(['stalled', 'gpt']).stream(HELLO, call));
    expect(events.at(-1)).toMatchObject({ type: 'done', result: { deployment: 'gpt' } });
    expect(performance.now() - started).toBeLessThan(2 * (CONNECT_MS + CONNECT_SLACK_MS));
  });

  it('does not limit the wait for the first byte once connected', async () => {
    openai.script({ delayBeforeHeadersMs: CONNECT_MS * 3 });
    const result = await pool(['gpt']).complete(HELLO, call);
    expect(result.deployment).toBe('gpt');
    expect(result.timeToFirstTokenMs).toBeGreaterThanOrEqual(CONNECT_MS * 3 - 20);
  });
});
