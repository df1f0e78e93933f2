/**
 * The one way to read across tenants (platform admins: `tenant list`, lookups by slug or id):
 * a transaction that first records who reads and why in `platform_access_log`, then turns on the
 * SELECT-only policy `platform_read` with a transaction-local setting. RLS is never disabled and
 * writes still need a tenant scope; the setting ends with the transaction.
 */
import type { Database, Kysely, Transaction } from '@konstruct/db';
import { sql } from 'kysely';

export interface PlatformReader {
  /** Who reads, e.g. `cli:root` or `portal:<userId>`. */
  readonly actor: string;
  /** Why, e.g. `tenant list`. */
  readonly reason: string;
}

export const PLATFORM_READ_SETTING = 'konstruct.platform_read';

export async function withPlatformRead<T>(
  db: Kysely<Database>,
  reader: PlatformReader,
  read: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (reader.actor.trim() === '' || reader.reason.trim() === '') {
    throw new TypeError(
      'withPlatformRead needs an actor and a reason: every cross-tenant read is logged',
    );
  }
  return db.transaction().execute(async (trx) => {
    await sql`insert into platform_access_log (actor, reason) values (${reader.actor}, ${reader.reason})`.execute(
      trx,
    );
    await sql`select set_config(${PLATFORM_READ_SETTING}, 'on', true)`.execute(trx);
    return read(trx);
  });
}
