import type { LoopbackServer } from '@konstruct/testing';
import { startAnthropicServer, startOllamaServer, startOpenAiServer } from '@konstruct/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmPool, type LlmError, type ProviderName } from '../src/index.ts';
import { collect, deployment, HELLO, poolConfig, TEST_ENV } from './llm-test-pool.ts';

const servers: Partial<Record<ProviderName, LoopbackServer>> = {};
beforeAll(async () => {
  servers.openai = await startOpenAiServer();
  servers.anthropic = await startAnthropicServer();
  servers.ollama = await startOllamaServer();
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.close()));
});

const PROVIDERS = ['openai', 'anthropic', 'ollama'] as const;
const call = { group: 'fast', tenantId: 't1' } as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function server(provider: ProviderName): LoopbackServer {
  const found = servers[provider];
  if (found === undefined) throw new Error(`no ${provider} server`);
  return found;
}

function poolFor(
  provider: ProviderName,
  timeouts: { connectMs: number; totalMs: number; idleMs?: number } = {
    connectMs: 2_000,
    totalMs: 5_000,
  },
  extra: Parameters<typeof poolConfig>[2] = {},
) {
  return createLlmPool(
    poolConfig(
      [deployment(provider, provider, server(provider).url, { timeouts })],
      { fast: { deployments: [provider] }, quality: { deployments: [provider] } },
      extra,
    ),
    { env: TEST_ENV },
  );
}

async function failure(promise: Promise<unknown>): Promise<LlmError> {
  try {
    await promise;
  } catch (error) {
    return error as LlmError;
  }
  throw new Error('expected the call to fail');
}

describe.each(PROVIDERS)('a %s stream', (provider) => {
  it('outlives its connect timeout once the response has started', async () => {
    server(provider).script({ chunkDelayMs: 80, text: 'one two three four five' });
    const events = await collect(
      poolFor(provider, { connectMs: 150, totalMs: 5_000 }).stream(HELLO, call),
    );
    expect(events.at(-1)).toMatchObject({
      type: 'done',
      result: { text: 'one two three four five' },
    });
  });

  it('that keeps streaming outlives its total timeout: a long answer is not cut off', async () => {
    const text = 'one two three four five six seven eight nine ten';
    server(provider).script({ chunkDelayMs: 60, text });
    const started = performance.now();
    const events = await collect(
      poolFor(provider, { connectMs: 2_000, totalMs: 300, idleMs: 2_000 }).stream(HELLO, call),
    );
    expect(performance.now() - started).toBeGreaterThan(300);
    expect(events.at(-1)).toMatchObject({ type: 'done', result: { text } });
  });

  it('that goes silent after its first token is cut off after idleMs of silence, HTTP request included', async () => {
    const loopback = server(provider);
    await sleep(150); // let earlier responses finish closing
    const before = loopback.abandonedResponses();
    loopback.script({ chunkDelayMs: 1_500, text: 'one two three' });
    let lastDeltaAt: number | undefined;
    let error: LlmError | undefined;
    try {
      const pool = poolFor(provider, { connectMs: 2_000, totalMs: 5_000, idleMs: 300 });
      for await (const event of pool.stream(HELLO, call)) {
        if (event.type === 'delta') lastDeltaAt = performance.now();
      }
    } catch (thrown) {
      error = thrown as LlmError;
    }
    const silentFor = performance.now() - (lastDeltaAt ?? Number.NaN);
    expect(error?.code).toBe('timeout');
    expect(error?.message).toContain('the stream went silent for 300 ms');
    // cut by the silence timer, not by the next chunk (1.5 s) nor the total one (5 s)
    expect(silentFor).toBeGreaterThanOrEqual(250);
    expect(silentFor).toBeLessThan(1_000);
    await sleep(50);
    expect(loopback.abandonedResponses()).toBe(before + 1);
  });

  it('that sends nothing is cut off at its total timeout', async () => {
    server(provider).script({ delayBeforeHeadersMs: 1_000 });
    const started = performance.now();
    const error = await failure(
      collect(
        poolFor(provider, { connectMs: 2_000, totalMs: 200, idleMs: 60_000 }).stream(HELLO, call),
      ),
    );
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('no complete reply within 200 ms');
    expect(performance.now() - started).toBeLessThan(800);
  });

  it('left early by the caller (for await … break) aborts its HTTP request', async () => {
    const loopback = server(provider);
    await sleep(150); // let earlier responses finish closing
    const before = loopback.abandonedResponses();
    loopback.script({ chunkDelayMs: 40, text: 'a b c d e f g h i j k l m n o p' });
    for await (const event of poolFor(provider).stream(HELLO, call)) {
      if (event.type === 'delta') break;
    }
    await sleep(100);
    expect(loopback.abandonedResponses()).toBe(before + 1);
  });

  it('that fails after its first token counts against the deployment breaker', async () => {
    const pool = poolFor(provider, undefined, {
      breaker: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 },
    });
    const loopback = server(provider);
    loopback.script({ failAfterChunks: 2 }, { failAfterChunks: 2 });
    for (let i = 0; i < 2; i++) {
      const error = await failure(collect(pool.stream(HELLO, call)));
      expect(error.code).toBe('unavailable');
    }
    await sleep(10);
    expect(pool.health()[provider]?.breaker).toBe('open');
  });
});
