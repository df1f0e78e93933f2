import { describe, expect, it } from 'vitest';
import { costMicroUsd, estimateInputTokens, estimateTokens } from './accounting.ts';
import { backoffDelayMs } from './backoff-delay.ts';
import { codeForStatus } from './classify-error.ts';

describe('accounting', () => {
  it('prices tokens in micro-USD from USD per million', () => {
    expect(costMicroUsd({ inputPerMillionUsd: 3, outputPerMillionUsd: 15 }, 1_000, 200)).toBe(
      6_000,
    );
    expect(costMicroUsd({ inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 }, 3, 1)).toBe(1);
  });

  it('estimates tokens as chars/4, rounded up', () => {
    expect(estimateTokens('abcde')).toBe(2);
    expect(
      estimateInputTokens({ system: 'abcd', messages: [{ role: 'user', content: 'efgh' }] }),
    ).toBe(2);
  });
});

describe('backoffDelayMs', () => {
  const settings = { baseDelayMs: 100, maxDelayMs: 1_000 };
  it('honours Retry-After over the computed backoff', () =>
    expect(backoffDelayMs(1, settings, 2_500, () => 1)).toBe(2_500));
  it('grows exponentially with full jitter and a cap', () => {
    expect(backoffDelayMs(1, settings, undefined, () => 1)).toBe(100);
    expect(backoffDelayMs(3, settings, undefined, () => 1)).toBe(400);
    expect(backoffDelayMs(10, settings, undefined, () => 1)).toBe(1_000);
    expect(backoffDelayMs(3, settings, undefined, () => 0.5)).toBe(200);
  });
});

describe('codeForStatus', () => {
  it.each([
    [401, 'bad key', 'auth'],
    [403, 'forbidden', 'auth'],
    [429, 'slow down', 'rate_limit'],
    [500, 'oops', 'unavailable'],
    [529, 'overloaded', 'unavailable'],
    [400, 'prompt is too long: 210000 tokens > 200000 maximum', 'context_too_long'],
    [400, "This model's maximum context length is 8192 tokens", 'context_too_long'],
    [400, 'flagged by our content filter', 'content_filter'],
    [400, 'messages: field required', 'invalid_request'],
  ] as const)('%i "%s" is %s', (status, message, code) =>
    expect(codeForStatus(status, message)).toBe(code),
  );
});
