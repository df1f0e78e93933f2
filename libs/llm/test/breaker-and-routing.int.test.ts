import type { LoopbackServer } from '@konstruct/testing';
import { startOpenAiServer } from '@konstruct/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLlmPool, type LlmError } from '../src/index.ts';
import { deployment, HELLO, poolConfig, TEST_ENV } from './llm-test-pool.ts';

let primary: LoopbackServer;
let secondary: LoopbackServer;
beforeEach(async () => {
  [primary, secondary] = await Promise.all([startOpenAiServer(), startOpenAiServer()]);
});
afterEach(async () => {
  await Promise.all([primary.close(), secondary.close()]);
});

const call = { group: 'fast', tenantId: 't1' } as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the circuit breaker', () => {
  it('opens after N consecutive failures, stops calling the deployment, and half-opens after its delay', async () => {
    const pool = createLlmPool(
      poolConfig(
        [deployment('only', 'openai', primary.url)],
        { fast: { deployments: ['only'] }, quality: { deployments: ['only'] } },
        {
          breaker: { consecutiveFailures: 2, halfOpenAfterMs: 300 },
        },
      ),
      { env: TEST_ENV },
    );
    primary.setDefault({ status: 500 });
    for (let i = 0; i < 2; i++)
      await expect(pool.complete(HELLO, call)).rejects.toMatchObject({ code: 'unavailable' });
    expect(pool.health().only?.breaker).toBe('open');

    const rejected = await pool.complete(HELLO, call).catch((error: LlmError) => error);
    expect(rejected).toMatchObject({ code: 'unavailable' });
    expect((rejected as LlmError).message).toContain('circuit open');
    expect(primary.requests).toHaveLength(2);

    await sleep(350);
    primary.setDefault({});
    const result = await pool.complete(HELLO, call);
    expect(result.deployment).toBe('only');
    expect(primary.requests).toHaveLength(3);
    expect(pool.health().only?.breaker).toBe('closed');
  });

  it('puts an open deployment after the healthy ones', async () => {
    const pool = createLlmPool(
      poolConfig(
        [deployment('a', 'openai', primary.url), deployment('b', 'openai', secondary.url)],
        { fast: { deployments: ['a', 'b'] }, quality: { deployments: ['a', 'b'] } },
        { breaker: { consecutiveFailures: 1, halfOpenAfterMs: 60_000 } },
      ),
      { env: TEST_ENV },
    );
    primary.script({ status: 502 });
    expect((await pool.complete(HELLO, call)).deployment).toBe('b');
    expect((await pool.complete(HELLO, call)).deployment).toBe('b');
    expect(primary.requests).toHaveLength(1);
  });
});

describe('latency-aware routing', () => {
  it('prefers the deployment observed to be clearly faster, declared order breaking ties', async () => {
    const pool = createLlmPool(
      poolConfig(
        [deployment('slow', 'openai', primary.url), deployment('quick', 'openai', secondary.url)],
        { fast: { deployments: ['slow', 'quick'] }, quality: { deployments: ['quick'] } },
      ),
      { env: TEST_ENV },
    );
    primary.setDefault({ delayBeforeHeadersMs: 120 });
    expect((await pool.complete(HELLO, call)).deployment).toBe('slow');
    expect((await pool.complete(HELLO, { ...call, group: 'quality' })).deployment).toBe('quick');
    expect((await pool.complete(HELLO, call)).deployment).toBe('quick');
  });
});

describe('tenant overrides', () => {
  it("route that tenant's group to its own deployments, others keep the declared ones", async () => {
    const pool = createLlmPool(
      poolConfig(
        [
          deployment('shared', 'openai', primary.url),
          deployment('dedicated', 'openai', secondary.url),
        ],
        { fast: { deployments: ['shared'] }, quality: { deployments: ['shared'] } },
        { tenants: { acme: { fast: ['dedicated'] } } },
      ),
      { env: TEST_ENV },
    );
    expect((await pool.complete(HELLO, { group: 'fast', tenantId: 'acme' })).deployment).toBe(
      'dedicated',
    );
    expect((await pool.complete(HELLO, { group: 'quality', tenantId: 'acme' })).deployment).toBe(
      'shared',
    );
    expect((await pool.complete(HELLO, { group: 'fast', tenantId: 'other' })).deployment).toBe(
      'shared',
    );
  });
});
