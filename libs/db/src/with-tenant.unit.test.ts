import { describe, expect, test } from 'vitest';
import { createDb } from './create-db.ts';
import { InvalidTenantIdError, withTenant } from './with-tenant.ts';

describe('withTenant', () => {
  test('rejects a tenant id that is not a UUID before touching the database', async () => {
    // Nothing listens on port 1: any query would fail with ECONNREFUSED, not InvalidTenantId.
    const db = createDb({ url: 'postgres://nobody@127.0.0.1:1/none', poolSize: 1 });
    try {
      for (const tenantId of ['', 'tenant-a', "x'; drop table tenants; --", '1234']) {
        const attempt = withTenant(db, tenantId, async () => 'ran');
        await expect(attempt).rejects.toBeInstanceOf(InvalidTenantIdError);
        await expect(attempt).rejects.toMatchObject({ code: 'InvalidTenantId' });
      }
    } finally {
      await db.destroy();
    }
  });
});
