/** Shared fixtures for the pool tests: deployments pointed at loopback servers, fast policies. */
import type {
  Deployment,
  LlmConfigInput,
  LlmError,
  LlmRequest,
  LlmStreamEvent,
} from '../src/index.ts';

export const TEST_ENV = {
  OPENAI_API_KEY: 'sk-platform-openai',
  ANTHROPIC_API_KEY: 'sk-ant-platform',
};

export function deployment(
  name: string,
  provider: Deployment['provider'],
  url: string,
  overrides: Partial<Deployment> = {},
): Deployment {
  return {
    name,
    provider,
    model: `${provider}-model`,
    baseUrl: provider === 'ollama' ? url : `${url}/v1`,
    timeouts: { connectMs: 2_000, totalMs: 5_000 },
    price: { inputPerMillionUsd: 3, outputPerMillionUsd: 15 },
    ...overrides,
  };
}

export function poolConfig(
  deployments: Deployment[],
  groups: LlmConfigInput['groups'],
  extra: Partial<LlmConfigInput> = {},
): LlmConfigInput {
  return {
    deployments,
    groups,
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 5_000 },
    breaker: { consecutiveFailures: 5, halfOpenAfterMs: 60_000 },
    ...extra,
  };
}

export const HELLO: LlmRequest = {
  system: 'Be brief.',
  messages: [{ role: 'user', content: 'Say hello.' }],
  maxTokens: 64,
};

export async function collect(stream: AsyncIterable<LlmStreamEvent>): Promise<LlmStreamEvent[]> {
  const events: LlmStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** The error `work` failed with (it must fail) and how long that took. */
export async function timedFailure(
  work: Promise<unknown>,
): Promise<{ error: LlmError; ms: number }> {
  const started = performance.now();
  try {
    await work;
  } catch (error) {
    return { error: error as LlmError, ms: performance.now() - started };
  }
  throw new Error('expected the call to fail');
}
