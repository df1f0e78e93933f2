/**
 * Executes a batch plan inside a transaction that is already locked. `fast` runs each
 * projection's batch write once per tenant and lets any error abort the transaction; `careful`
 * wraps each write in a savepoint and, when one fails, replays its events one by one (each in
 * its own savepoint) to name the event that fails, returning those failures instead of throwing.
 * A failure `careful` reports happened on a connection that still works (the savepoint rolled
 * back), so it is about the event, not about the database being away.
 */
import type { Database, Transaction } from '@konstruct/db';
import { sql } from 'kysely';
import type { ProjectionWork, TenantWork } from './batch-plan.ts';
import type { ProjectedEvent } from './projection.ts';
import { setTenantScope } from './tenant-scope.ts';

export type ApplyMode = 'fast' | 'careful';

export interface ApplyFailure {
  readonly entry: ProjectedEvent;
  readonly projection: string;
  readonly error: unknown;
}

async function inSavepoint(
  trx: Transaction<Database>,
  name: string,
  work: () => Promise<void>,
): Promise<unknown> {
  await sql`savepoint ${sql.id(name)}`.execute(trx);
  try {
    await work();
    await sql`release savepoint ${sql.id(name)}`.execute(trx);
    return undefined;
  } catch (error) {
    await sql`rollback to savepoint ${sql.id(name)}`.execute(trx);
    await sql`release savepoint ${sql.id(name)}`.execute(trx);
    return error ?? new Error('projection failed without an error');
  }
}

async function applyCarefully(
  trx: Transaction<Database>,
  { projection, entries }: ProjectionWork,
): Promise<ApplyFailure[]> {
  const whole = await inSavepoint(trx, 'projection_work', () => projection.applyMany(trx, entries));
  if (whole === undefined) return [];
  const failures: ApplyFailure[] = [];
  for (const entry of entries) {
    const error = await inSavepoint(trx, 'projection_event', () =>
      projection.apply(trx, entry.event, entry.sequence),
    );
    if (error !== undefined) failures.push({ entry, projection: projection.name, error });
  }
  return failures;
}

/** Applies the plan; `careful` returns the events that failed (fast throws instead). */
export async function applyPlan(
  trx: Transaction<Database>,
  plan: readonly TenantWork[],
  mode: ApplyMode,
): Promise<ApplyFailure[]> {
  const failures: ApplyFailure[] = [];
  for (const { tenantId, work } of plan) {
    await setTenantScope(trx, tenantId);
    for (const item of work) {
      if (mode === 'fast') await item.projection.applyMany(trx, item.entries);
      else failures.push(...(await applyCarefully(trx, item)));
    }
  }
  return failures;
}
