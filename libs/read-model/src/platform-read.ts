/**
 * The one way to read across tenants (platform admins: `tenant list`, lookups by slug or id): a
 * transaction that first records who reads and why in `platform_access_log`. The SELECT-only
 * policy `platform_read` admits other tenants' rows only in a transaction that has written such a
 * row (matched by `txid_current()`, migration 0005), so no setting or session state can open
 * them. RLS is never disabled and writes still need a tenant scope.
 */
import type { Database, Kysely, Transaction } from '@konstruct/db';

export interface PlatformReader {
  /** Who reads, e.g. `cli:root` or `portal:<userId>`. */
  readonly actor: string;
  /** Why, e.g. `tenant list`. */
  readonly reason: string;
}

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
    await trx
      .insertInto('platform_access_log')
      .values({ actor: reader.actor, reason: reader.reason })
      .execute();
    return read(trx);
  });
}
