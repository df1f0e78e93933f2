import { TenantCreated } from '@konstruct/schemas';
import { describe, expect, it } from 'vitest';
import { plan } from '../src/decision.ts';
import { decideCreateTenant } from '../src/tenant/decide-tenant.ts';
import { TENANT_ID, tenantCreated, tenantSpec } from './specs.ts';

/** The given/when/then helper must fail loudly when a specification does not hold. */
describe('deciderSpec', () => {
  const create = { tenantId: TENANT_ID, name: 'Acme' };

  it('fails `then` when the decision was refused, showing the code and message', () => {
    const when = tenantSpec.given([tenantCreated]).when((t) => decideCreateTenant(t, create));
    expect(() => when.then([])).toThrow(/TenantAlreadyExists/);
  });

  it('fails `then` when other events were planned', () => {
    const when = tenantSpec.given([]).when((t) => decideCreateTenant(t, create));
    const other = plan(TenantCreated, { name: 'Acme', slug: 'other', rateLimitPerMinute: 30 });
    expect(() => when.then([other])).toThrow();
  });

  it('fails `thenFails` when the decision succeeded or failed otherwise', () => {
    expect(() =>
      tenantSpec
        .given([])
        .when((t) => decideCreateTenant(t, create))
        .thenFails('TenantAlreadyExists'),
    ).toThrow(/expected a TenantAlreadyExists failure/);
    expect(() =>
      tenantSpec
        .given([tenantCreated])
        .when((t) => decideCreateTenant(t, create))
        .thenFails('TenantNotFound'),
    ).toThrow();
  });
});
