/**
 * Reading and writing `projection_checkpoints`: the last stream sequence each projection applied.
 * A projection with no row is at 0. Written in the same transaction as the rows it covers, so
 * the rows and the checkpoint can never disagree.
 */
import type { Database, Kysely, Transaction } from '@konstruct/db';
import { sql } from 'kysely';

export type Checkpoints = ReadonlyMap<string, number>;

export async function readCheckpoints(
  db: Kysely<Database> | Transaction<Database>,
  names: readonly string[],
): Promise<Checkpoints> {
  const rows =
    names.length === 0
      ? []
      : await db
          .selectFrom('projection_checkpoints')
          .select(['projection', 'last_sequence'])
          .where('projection', 'in', names)
          .execute();
  const found = new Map(rows.map((row) => [row.projection, Number(row.last_sequence)]));
  return new Map(names.map((name) => [name, found.get(name) ?? 0]));
}

/** The lowest checkpoint: every stream position at or below it is applied by all of `names`. */
export function checkpointFloor(checkpoints: Checkpoints): number {
  return checkpoints.size === 0 ? 0 : Math.min(...checkpoints.values());
}

/**
 * Sets each named checkpoint to `sequence`. `advance` never moves one back (the live loop);
 * `set` writes it as given (a rebuild).
 */
export async function writeCheckpoints(
  trx: Transaction<Database>,
  names: readonly string[],
  sequence: number,
  mode: 'advance' | 'set',
): Promise<void> {
  if (names.length === 0) return;
  const rows = names.map((projection) => ({ projection, last_sequence: sequence }));
  await trx
    .insertInto('projection_checkpoints')
    .values(rows)
    .onConflict((conflict) =>
      conflict.column('projection').doUpdateSet({
        last_sequence:
          mode === 'set'
            ? sql`excluded.last_sequence`
            : sql`greatest(projection_checkpoints.last_sequence, excluded.last_sequence)`,
        updated_at: sql`now()`,
      }),
    )
    .execute();
}
