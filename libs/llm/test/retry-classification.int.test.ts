import type { LoopbackServer } from '@konstruct/testing';
import { startAnthropicServer, startOpenAiServer } from '@konstruct/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmPool, type LlmError } from '../src/index.ts';
import { collect, deployment, HELLO, poolConfig, TEST_ENV, timedFailure } from './llm-test-pool.ts';

let openai: LoopbackServer;
let anthropic: LoopbackServer;
beforeAll(async () => {
  [openai, anthropic] = await Promise.all([startOpenAiServer(), startAnthropicServer()]);
});
afterAll(async () => {
  await Promise.all([openai.close(), anthropic.close()]);
});

const RETRY_DELAY_MS = 400;

/** One deployment at `baseUrl`, two attempts with a fixed (jitter-free) delay between them. */
function retryingPool(baseUrl: string) {
  return createLlmPool(
    poolConfig(
      [deployment('gpt', 'openai', 'http://unused', { baseUrl })],
      { fast: { deployments: ['gpt'] }, quality: { deployments: ['gpt'] } },
      {
        retry: {
          maxAttempts: 2,
          baseDelayMs: RETRY_DELAY_MS,
          maxDelayMs: RETRY_DELAY_MS,
          maxRetryAfterMs: 5_000,
        },
      },
    ),
    { env: TEST_ENV, random: () => 1 },
  );
}

const call = { group: 'fast', tenantId: 't1' } as const;

describe('retry classification', () => {
  it('retries a refused connection', async () => {
    const closed = await startOpenAiServer();
    await closed.close();
    const { error, ms } = await timedFailure(
      retryingPool(`${closed.url}/v1`).complete(HELLO, call),
    );
    expect(error.code).toBe('unavailable');
    expect(ms).toBeGreaterThanOrEqual(RETRY_DELAY_MS - 10);
  });

  it('does not retry a connection failure that will not go away (TLS to a plain HTTP server)', async () => {
    const https = openai.url.replace('http:', 'https:');
    const { error, ms } = await timedFailure(retryingPool(`${https}/v1`).complete(HELLO, call));
    expect(error).toMatchObject({ code: 'unavailable', retryable: false });
    expect(ms).toBeLessThan(RETRY_DELAY_MS);
  });

  it('retries a 408 request timeout, as the official SDKs do', async () => {
    openai.script({ status: 408, errorMessage: 'request timed out' });
    const before = openai.requests.length;
    const started = performance.now();
    const result = await retryingPool(`${openai.url}/v1`).complete(HELLO, call);
    expect(result.deployment).toBe('gpt');
    expect(openai.requests.length - before).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(RETRY_DELAY_MS - 10);
  });

  it('does not retry a 4xx other than 408 and 429', async () => {
    openai.script({ status: 404, errorMessage: 'model not found' });
    const { error, ms } = await timedFailure(
      retryingPool(`${openai.url}/v1`).complete(HELLO, call),
    );
    expect(error).toMatchObject({ code: 'invalid_request', status: 404 });
    expect(ms).toBeLessThan(RETRY_DELAY_MS);
  });

  it('retries an Anthropic stream that reports overloaded_error in-band before its first token', async () => {
    const pool = createLlmPool(
      poolConfig(
        [deployment('claude', 'anthropic', anthropic.url), deployment('gpt', 'openai', openai.url)],
        { fast: { deployments: ['claude', 'gpt'] }, quality: { deployments: ['claude'] } },
        { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 5_000 } },
      ),
      { env: TEST_ENV },
    );
    const before = { anthropic: anthropic.requests.length, openai: openai.requests.length };
    anthropic.script({ errorEvent: 'overloaded_error' });
    const events = await collect(pool.stream(HELLO, call));
    expect(events.at(-1)).toMatchObject({ type: 'done', result: { deployment: 'claude' } });
    expect(anthropic.requests.length - before.anthropic).toBe(2);
    expect(openai.requests.length - before.openai).toBe(0);
  });

  it('classifies an in-band Anthropic error by its type', async () => {
    const pool = createLlmPool(
      poolConfig([deployment('claude', 'anthropic', anthropic.url)], {
        fast: { deployments: ['claude'] },
        quality: { deployments: ['claude'] },
      }),
      { env: TEST_ENV },
    );
    anthropic.script({ errorEvent: 'rate_limit_error' });
    const error = await collect(pool.stream(HELLO, call)).catch((e: unknown) => e as LlmError);
    expect(error).toMatchObject({ code: 'rate_limit' });
  });
});
