/**
 * Given usage events, the daily increments they add: one per agent, UTC day, provider and model.
 */
import { randomUUID } from 'node:crypto';
import { createEvent, UsageRecorded } from '@konstruct/schemas';
import { describe, expect, test } from 'vitest';
import { foldUsageIncrements, utcDay } from './usage-rows.ts';

const tenantId = randomUUID();
const agentId = randomUUID();

function usage(occurredAt: string, model: string, tokens: number) {
  return createEvent(
    UsageRecorded,
    { tenantId, occurredAt: new Date(occurredAt) },
    {
      agentId,
      conversationId: null,
      messageId: null,
      provider: 'anthropic',
      deployment: 'd',
      model,
      modelGroup: 'quality',
      inputTokens: tokens,
      outputTokens: tokens * 2,
      estimated: false,
      latencyMs: 1,
      timeToFirstTokenMs: null,
      costMicroUsd: tokens * 10,
      keySource: 'tenant',
    },
  );
}

describe('utcDay', () => {
  test('is the UTC calendar day, whatever offset the time was written with', () => {
    expect(utcDay('2026-03-01T23:30:00-02:00')).toBe('2026-03-02');
    expect(utcDay('2026-03-02T01:00:00+02:00')).toBe('2026-03-01');
  });
});

describe('foldUsageIncrements', () => {
  test('sums calls, tokens and cost per agent, day, provider and model', () => {
    const entries = [
      usage('2026-03-01T10:00:00Z', 'a', 1),
      usage('2026-03-01T11:00:00Z', 'a', 2),
      usage('2026-03-01T12:00:00Z', 'b', 4),
      usage('2026-03-02T00:00:00Z', 'a', 8),
    ].map((event, index) => ({ event, sequence: index + 1 }));
    const base = { tenant_id: tenantId, agent_id: agentId, provider: 'anthropic' };
    expect(foldUsageIncrements(entries)).toEqual([
      {
        ...base,
        day: '2026-03-01',
        model: 'a',
        calls: 2,
        input_tokens: 3,
        output_tokens: 6,
        cost_micro_usd: 30,
      },
      {
        ...base,
        day: '2026-03-01',
        model: 'b',
        calls: 1,
        input_tokens: 4,
        output_tokens: 8,
        cost_micro_usd: 40,
      },
      {
        ...base,
        day: '2026-03-02',
        model: 'a',
        calls: 1,
        input_tokens: 8,
        output_tokens: 16,
        cost_micro_usd: 80,
      },
    ]);
  });
});
