/**
 * Pure mapping of `usage.recorded` to `usage_daily` increments: one per (agent, UTC day of the
 * call, provider, model), summed over a run of events so a batch costs one upsert per key.
 */
import type { EventOfType, ProjectedEvent } from './projection.ts';

export interface UsageIncrement {
  readonly tenant_id: string;
  readonly agent_id: string;
  /** `YYYY-MM-DD`, the UTC day the call happened. */
  readonly day: string;
  readonly provider: string;
  readonly model: string;
  readonly calls: number;
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cost_micro_usd: number;
}

/** The UTC calendar day of an ISO-8601 time (whatever offset it was written with). */
export function utcDay(isoTime: string): string {
  return new Date(isoTime).toISOString().slice(0, 10);
}

export function usageIncrementOf(event: EventOfType<'usage.recorded'>): UsageIncrement {
  const { data } = event;
  return {
    tenant_id: event.tenantId,
    agent_id: data.agentId,
    day: utcDay(event.occurredAt),
    provider: data.provider,
    model: data.model,
    calls: 1,
    input_tokens: data.inputTokens,
    output_tokens: data.outputTokens,
    cost_micro_usd: data.costMicroUsd,
  };
}

const keyOf = (row: UsageIncrement) =>
  JSON.stringify([row.tenant_id, row.agent_id, row.day, row.provider, row.model]);

/** One increment per key, in first-seen order. */
export function foldUsageIncrements(
  entries: readonly ProjectedEvent<EventOfType<'usage.recorded'>>[],
): UsageIncrement[] {
  const sums = new Map<string, UsageIncrement>();
  for (const { event } of entries) {
    const increment = usageIncrementOf(event);
    const key = keyOf(increment);
    const sum = sums.get(key);
    sums.set(
      key,
      sum === undefined
        ? increment
        : {
            ...sum,
            calls: sum.calls + increment.calls,
            input_tokens: sum.input_tokens + increment.input_tokens,
            output_tokens: sum.output_tokens + increment.output_tokens,
            cost_micro_usd: sum.cost_micro_usd + increment.cost_micro_usd,
          },
    );
  }
  return [...sums.values()];
}
