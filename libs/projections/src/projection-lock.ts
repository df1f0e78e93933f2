/**
 * The advisory lock that serialises everything that writes one namespace's projections: each
 * live batch transaction and each rebuild transaction take it first, so a rebuild and the live
 * loop (or two projector instances) never interleave. Transaction-scoped: it ends with the
 * commit or rollback, never leaks to the next user of a pooled connection.
 */
import type { Database, Transaction } from '@konstruct/db';
import { sql } from 'kysely';

export function projectionLockKey(namespace: string): string {
  return `konstruct.projections:${namespace}`;
}

export async function lockProjections(
  trx: Transaction<Database>,
  namespace: string,
): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${projectionLockKey(namespace)}, 0))`.execute(
    trx,
  );
}
