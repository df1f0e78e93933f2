/**
 * `usage_daily`: tokens, calls and cost per tenant, agent, UTC day, provider and model (PRTA-06),
 * added up from `usage.recorded`. Adding is not idempotent by itself: the apply loop's checkpoint
 * guarantees each stream position is added once (a redelivered or replayed event at or below the
 * checkpoint never reaches this projection).
 */
import type { Database, Transaction } from '@konstruct/db';
import { sql } from 'kysely';
import { defineProjection, type EventOfType, type ProjectedEvent } from './projection.ts';
import { foldUsageIncrements } from './usage-rows.ts';

const SUMMED = ['calls', 'input_tokens', 'output_tokens', 'cost_micro_usd'] as const;

async function addUsage(
  trx: Transaction<Database>,
  entries: readonly ProjectedEvent<EventOfType<'usage.recorded'>>[],
): Promise<void> {
  const rows = foldUsageIncrements(entries);
  if (rows.length === 0) return;
  await trx
    .insertInto('usage_daily')
    .values(rows)
    .onConflict((conflict) =>
      conflict
        .columns(['tenant_id', 'agent_id', 'day', 'provider', 'model'])
        .doUpdateSet(
          Object.fromEntries(
            SUMMED.map((column) => [
              column,
              sql`usage_daily.${sql.ref(column)} + excluded.${sql.ref(column)}`,
            ]),
          ),
        ),
    )
    .execute();
}

export const usageProjection = defineProjection({
  name: 'usage',
  eventTypes: ['usage.recorded'],
  tables: ['usage_daily'],
  apply: (trx, event, sequence) => addUsage(trx, [{ event, sequence }]),
  applyMany: addUsage,
});
