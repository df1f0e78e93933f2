import type { LoopbackServer } from '@konstruct/testing';
import { startAnthropicServer, startOllamaServer, startOpenAiServer } from '@konstruct/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLlmPool, type LlmError, type LlmPool, type LlmResult } from '../src/index.ts';
import { collect, deployment, HELLO, poolConfig, TEST_ENV } from './llm-test-pool.ts';

let anthropic: LoopbackServer;
let openai: LoopbackServer;
let ollama: LoopbackServer;
beforeEach(async () => {
  [anthropic, openai, ollama] = await Promise.all([
    startAnthropicServer(),
    startOpenAiServer(),
    startOllamaServer(),
  ]);
});
afterEach(async () => {
  await Promise.all([anthropic.close(), openai.close(), ollama.close()]);
});

function platformPool(timeouts = { connectMs: 2_000, totalMs: 5_000 }) {
  return createLlmPool(
    poolConfig(
      [
        deployment('claude', 'anthropic', anthropic.url, { timeouts }),
        deployment('gpt', 'openai', openai.url, { timeouts }),
        deployment('local', 'ollama', ollama.url, {
          timeouts,
          price: { inputPerMillionUsd: 0, outputPerMillionUsd: 0 },
        }),
      ],
      {
        quality: { deployments: ['claude', 'gpt'], fallbackGroup: 'fast' },
        fast: { deployments: ['local'] },
      },
    ),
    { env: TEST_ENV },
  );
}

const call = { group: 'quality', tenantId: 't1' } as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function failure(promise: Promise<unknown>): Promise<LlmError> {
  try {
    await promise;
  } catch (error) {
    return error as LlmError;
  }
  throw new Error('expected the call to fail');
}

describe('the quality group', () => {
  async function answer(pool: LlmPool, how: 'complete' | 'stream'): Promise<LlmResult> {
    if (how === 'complete') return pool.complete(HELLO, call);
    const done = (await collect(pool.stream(HELLO, call))).at(-1);
    if (done?.type !== 'done') throw new Error('the stream did not end with done');
    return done.result;
  }

  it.each(['complete', 'stream'] as const)(
    'is answered by OpenAI when Anthropic fails, then by fast when both fail, with usage recorded each time (%s)',
    async (how) => {
      const pool = platformPool();
      const results: LlmResult[] = [];
      anthropic.setDefault({ status: 500 });
      results.push(await answer(pool, how));
      openai.setDefault({ status: 503 });
      results.push(await answer(pool, how));

      expect(results.map((r) => [r.deployment, r.provider, r.group])).toEqual([
        ['gpt', 'openai', 'quality'],
        ['local', 'ollama', 'fast'],
      ]);
      expect(results.map((r) => r.costMicroUsd)).toEqual([12 * 3 + 3 * 15, 0]);
      for (const result of results) {
        expect(result).toMatchObject({
          text: 'Hello there, friend.',
          usage: { inputTokens: 12, outputTokens: 3, estimated: false },
        });
        expect(result.latencyMs).toBeGreaterThan(0);
        expect(result.timeToFirstTokenMs).toBeLessThanOrEqual(result.latencyMs);
      }
      expect(anthropic.requests).toHaveLength(2);
      expect(openai.requests).toHaveLength(2);
      expect(ollama.requests).toHaveLength(1);
    },
  );

  it('falls back when the first deployment sends no reply within its total timeout', async () => {
    const pool = platformPool({ connectMs: 1_000, totalMs: 300 });
    anthropic.script({ delayBeforeHeadersMs: 2_000 });
    const started = performance.now();
    const result = await pool.complete(HELLO, call);
    expect(result.deployment).toBe('gpt');
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('reports a timeout with its code when every deployment is too slow to answer', async () => {
    const pool = platformPool({ connectMs: 5_000, totalMs: 150 });
    // no first token within the total timeout (a stream that answers is limited by silence only)
    for (const server of [anthropic, openai, ollama]) {
      server.setDefault({ delayBeforeHeadersMs: 1_000 });
    }
    const error = await failure(collect(pool.stream(HELLO, { group: 'fast', tenantId: 't1' })));
    expect(error.code).toBe('timeout');
  });

  it('falls back past a deployment that refuses connections, classified unavailable', async () => {
    const closed = await startOpenAiServer();
    await closed.close();
    const pool = createLlmPool(
      poolConfig(
        [deployment('gone', 'openai', closed.url), deployment('gpt', 'openai', openai.url)],
        { quality: { deployments: ['gone', 'gpt'] }, fast: { deployments: ['gone'] } },
      ),
      { env: TEST_ENV },
    );
    expect((await pool.complete(HELLO, call)).deployment).toBe('gpt');
    const error = await failure(pool.complete(HELLO, { group: 'fast', tenantId: 't1' }));
    expect(error).toMatchObject({ code: 'unavailable', deployment: 'gone' });
  });

  it('does not fall back on a bad request, and keeps the provider message', async () => {
    anthropic.script({ status: 400, errorMessage: 'messages: roles must alternate' });
    const error = await failure(platformPool().complete(HELLO, call));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('roles must alternate');
    expect(openai.requests).toHaveLength(0);
  });
});

describe('retries', () => {
  it('wait for the Retry-After the server asked for before trying the same deployment again', async () => {
    const pool = createLlmPool(
      poolConfig(
        [deployment('gpt', 'openai', openai.url)],
        { quality: { deployments: ['gpt'] }, fast: { deployments: ['gpt'] } },
        {
          retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 5_000 },
        },
      ),
      { env: TEST_ENV },
    );
    openai.script({ status: 429, headers: { 'retry-after': '1' } });
    const result = await pool.complete(HELLO, call);
    expect(result.deployment).toBe('gpt');
    const [first, second] = openai.requests;
    expect(second && first ? second.at - first.at : 0).toBeGreaterThanOrEqual(950);
  });

  it('are not made for errors that will not go away (401 is classified auth)', async () => {
    const pool = createLlmPool(
      poolConfig(
        [deployment('gpt', 'openai', openai.url)],
        { quality: { deployments: ['gpt'] }, fast: { deployments: ['gpt'] } },
        {
          retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 5_000 },
        },
      ),
      { env: TEST_ENV },
    );
    openai.setDefault({ status: 401, errorMessage: 'Incorrect API key provided' });
    const error = await failure(pool.complete(HELLO, call));
    expect(error.code).toBe('auth');
    expect(error.message).toContain('Incorrect API key provided');
    expect(openai.requests).toHaveLength(1);
  });
});

describe('streaming', () => {
  it('falls back before the first token but not after it', async () => {
    const pool = platformPool();
    anthropic.script({ failAfterChunks: 0 });
    const events = await collect(pool.stream(HELLO, call));
    expect(events.at(-1)).toMatchObject({ type: 'done', result: { deployment: 'gpt' } });

    anthropic.script({ failAfterChunks: 2 });
    const seen: string[] = [];
    const error = await failure(
      (async () => {
        for await (const event of pool.stream(HELLO, call))
          if (event.type === 'delta') seen.push(event.text);
      })(),
    );
    expect(seen).toEqual(['Hello']);
    expect(error.code).toBe('unavailable');
    expect(openai.requests).toHaveLength(1);
  });
});

describe('cancellation', () => {
  it('aborts the HTTP request and reports cancelled without falling back', async () => {
    anthropic.script({ delayBeforeHeadersMs: 2_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failure(
      platformPool().complete({ ...HELLO, signal: controller.signal }, call),
    );
    expect(error.code).toBe('cancelled');
    expect(openai.requests).toHaveLength(0);
  });

  it('stops waiting out a Retry-After when the caller aborts, without another attempt', async () => {
    const pool = createLlmPool(
      poolConfig(
        [deployment('gpt', 'openai', openai.url)],
        { quality: { deployments: ['gpt'] }, fast: { deployments: ['gpt'] } },
        { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 10_000 } },
      ),
      { env: TEST_ENV },
    );
    openai.script({ status: 429, headers: { 'retry-after': '5' } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    const error = await failure(pool.complete({ ...HELLO, signal: controller.signal }, call));
    expect(error.code).toBe('cancelled');
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(openai.requests).toHaveLength(1);
  });

  it('aborts a stream still waiting for its first token, without falling back', async () => {
    anthropic.script({ delayBeforeHeadersMs: 2_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    const error = await failure(
      collect(platformPool().stream(HELLO, { ...call, signal: controller.signal })),
    );
    expect(error.code).toBe('cancelled');
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(openai.requests).toHaveLength(0);
    expect(ollama.requests).toHaveLength(0);
    await sleep(50);
    expect(anthropic.abandonedResponses()).toBe(1);
  });

  it('stops a stream mid-way when the caller aborts', async () => {
    ollama.setDefault({ chunkDelayMs: 50 });
    const controller = new AbortController();
    const pool = platformPool();
    const seen: string[] = [];
    const error = await failure(
      (async () => {
        for await (const event of pool.stream(HELLO, {
          group: 'fast',
          tenantId: 't1',
          signal: controller.signal,
        })) {
          if (event.type === 'delta') seen.push(event.text);
          controller.abort();
        }
      })(),
    );
    expect(error.code).toBe('cancelled');
    expect(seen).toEqual(['Hello']);
  });
});
