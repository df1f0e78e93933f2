import { describe, expect, test } from 'vitest';
import { createStreamingRefusals } from './streaming-refusals.ts';

describe('streaming refusals', () => {
  const place = { tenantId: 't1', connectionId: 'c1', channelId: 'C1' };
  const otherChannel = { ...place, channelId: 'C2' };

  test('a refusal of the app (scope, method) holds for the whole connection', () => {
    const refusals = createStreamingRefusals({ ttlMs: 1_000, maxEntries: 10 });
    refusals.remember(place, 'missing_scope');
    expect(refusals.isRefused(otherChannel)).toBe(true);
    expect(refusals.isRefused({ ...place, tenantId: 't2' })).toBe(false);
  });

  test('a refusal about the channel type holds for that channel only', () => {
    const refusals = createStreamingRefusals({ ttlMs: 1_000, maxEntries: 10 });
    refusals.remember(place, 'method_not_supported_for_channel_type');
    expect(refusals.isRefused(place)).toBe(true);
    expect(refusals.isRefused(otherChannel)).toBe(false);
  });

  test('a passing or unrelated error is not remembered', () => {
    const refusals = createStreamingRefusals({ ttlMs: 1_000, maxEntries: 10 });
    for (const error of ['internal_error', 'fatal_error', 'channel_not_found', 'is_archived']) {
      refusals.remember(place, error);
    }
    expect(refusals.isRefused(place)).toBe(false);
  });

  test('a refusal expires', () => {
    let now = 0;
    const refusals = createStreamingRefusals({ ttlMs: 1_000, maxEntries: 10, now: () => now });
    refusals.remember(place, 'not_allowed');
    now = 1_001;
    expect(refusals.isRefused(place)).toBe(false);
  });
});
