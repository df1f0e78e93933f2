import { describe, expect, it } from 'vitest';
import { orderCandidates, planGroups } from './route-order.ts';

describe('orderCandidates', () => {
  it('puts healthy before unhealthy, then clearly faster first, then the declared order', () => {
    expect(
      orderCandidates([
        { name: 'down', healthy: false, latencyEwmaMs: 10 },
        { name: 'slow', healthy: true, latencyEwmaMs: 900 },
        { name: 'fast', healthy: true, latencyEwmaMs: 100 },
        { name: 'fast-ish', healthy: true, latencyEwmaMs: 110 },
      ]),
    ).toEqual(['fast', 'fast-ish', 'slow', 'down']);
  });

  it('keeps the declared order when latencies are close', () => {
    expect(
      orderCandidates([
        { name: 'a', healthy: true, latencyEwmaMs: 105 },
        { name: 'b', healthy: true, latencyEwmaMs: 100 },
      ]),
    ).toEqual(['a', 'b']);
  });
});

describe('planGroups', () => {
  const groups = {
    quality: { deployments: ['claude', 'gpt'], fallbackGroup: 'fast' as const },
    fast: { deployments: ['local', 'gpt'], fallbackGroup: 'quality' as const },
  };

  it('follows the fallback chain once, never repeating a deployment or a group', () => {
    expect(planGroups(groups, 'quality', undefined)).toEqual([
      { group: 'quality', deployments: ['claude', 'gpt'] },
      { group: 'fast', deployments: ['local'] },
    ]);
  });

  it("uses the tenant's deployments for an overridden group", () => {
    expect(planGroups(groups, 'quality', { quality: ['gpt'] })[0]).toEqual({
      group: 'quality',
      deployments: ['gpt'],
    });
  });
});
