import { createEvent, TenantCreated, TenantDeleted, TenantUpdated } from '@konstruct/schemas';
import { describe, expect, it } from 'vitest';
import { TENANT_ID, tenantCreated, tenantDeleted, tenantSpec } from '../../test/specs.ts';
import { plan } from '../decision.ts';
import { decideCreateTenant, decideDeleteTenant, decideUpdateTenant } from './decide-tenant.ts';
import { tenantIsActive } from './tenant-state.ts';

const create = { tenantId: TENANT_ID, name: 'Acme Corp.' };

describe('createTenant', () => {
  it('creates a tenant with a slug derived from its name and the default rate limit', () => {
    tenantSpec
      .given([])
      .when((tenant) => decideCreateTenant(tenant, create))
      .then([
        plan(TenantCreated, { name: 'Acme Corp.', slug: 'acme-corp', rateLimitPerMinute: 30 }),
      ]);
  });

  it('keeps a given slug and rate limit', () => {
    tenantSpec
      .given([])
      .when((tenant) =>
        decideCreateTenant(tenant, { ...create, slug: 'acme', rateLimitPerMinute: 120 }),
      )
      .then([plan(TenantCreated, { name: 'Acme Corp.', slug: 'acme', rateLimitPerMinute: 120 })]);
  });

  it('refuses a name no slug can be derived from, asking for a slug', () => {
    tenantSpec
      .given([])
      .when((tenant) => decideCreateTenant(tenant, { ...create, name: '株式会社' }))
      .thenFails('InvalidSlug', /give a slug/);
  });

  it('refuses to create a tenant that already exists', () => {
    tenantSpec
      .given([tenantCreated])
      .when((tenant) => decideCreateTenant(tenant, create))
      .thenFails('TenantAlreadyExists', /update it instead/);
  });

  it('refuses to create again a tenant that was deleted', () => {
    tenantSpec
      .given([tenantCreated, tenantDeleted])
      .when((tenant) => decideCreateTenant(tenant, create))
      .thenFails('TenantAlreadyExists', /new id/);
  });

  it('plans events the shell can build with createEvent', () => {
    const [planned] = tenantSpec
      .given([])
      .when((tenant) => decideCreateTenant(tenant, create))
      .then([
        plan(TenantCreated, { name: 'Acme Corp.', slug: 'acme-corp', rateLimitPerMinute: 30 }),
      ]);
    if (planned === undefined) throw new Error('no event planned');
    const event = createEvent(planned.definition, { tenantId: TENANT_ID }, planned.data);
    expect(event).toMatchObject({ type: 'tenant.created', tenantId: TENANT_ID });
  });
});

describe('updateTenant', () => {
  it('plans only the fields that change', () => {
    tenantSpec
      .given([tenantCreated])
      .when((tenant) =>
        decideUpdateTenant(tenant, {
          tenantId: TENANT_ID,
          name: 'Acme',
          slug: 'acme-inc',
          rateLimitPerMinute: 60,
        }),
      )
      .then([plan(TenantUpdated, { slug: 'acme-inc', rateLimitPerMinute: 60 })]);
  });

  it('refuses an update that changes nothing', () => {
    tenantSpec
      .given([tenantCreated])
      .when((tenant) => decideUpdateTenant(tenant, { tenantId: TENANT_ID, name: 'Acme' }))
      .thenFails('NothingToChange');
  });

  it('sees earlier updates: setting a value back to the current one changes nothing', () => {
    tenantSpec
      .given([tenantCreated, { type: 'tenant.updated', data: { rateLimitPerMinute: 90 } }])
      .when((tenant) => decideUpdateTenant(tenant, { tenantId: TENANT_ID, rateLimitPerMinute: 90 }))
      .thenFails('NothingToChange');
  });

  it('a missing tenant cannot be updated', () => {
    tenantSpec
      .given([])
      .when((tenant) => decideUpdateTenant(tenant, { tenantId: TENANT_ID, name: 'New' }))
      .thenFails('TenantNotFound');
  });

  it('a deleted tenant cannot be updated', () => {
    tenantSpec
      .given([tenantCreated, tenantDeleted])
      .when((tenant) => decideUpdateTenant(tenant, { tenantId: TENANT_ID, name: 'New' }))
      .thenFails('TenantDeleted', /"Acme" was deleted/);
  });

  it('refuses a write based on an outdated version, saying how to recover', () => {
    const error = tenantSpec
      .given([tenantCreated, { type: 'tenant.updated', data: { name: 'Acme 2' } }])
      .when((tenant) =>
        decideUpdateTenant(tenant, { tenantId: TENANT_ID, name: 'Acme 3', expectedVersion: 1 }),
      )
      .thenFails('StaleWrite');
    expect(error.message).toBe(
      'Tenant "Acme 2" was changed by someone else (version 2, you had 1); reload and retry.',
    );
  });

  it('accepts a write based on the current version', () => {
    tenantSpec
      .given([tenantCreated])
      .when((tenant) =>
        decideUpdateTenant(tenant, { tenantId: TENANT_ID, name: 'Acme 2', expectedVersion: 1 }),
      )
      .then([plan(TenantUpdated, { name: 'Acme 2' })]);
  });
});

describe('deleteTenant', () => {
  it('deletes a tenant, with the reason when given', () => {
    tenantSpec
      .given([tenantCreated])
      .when((tenant) => decideDeleteTenant(tenant, { tenantId: TENANT_ID, reason: 'churned' }))
      .then([plan(TenantDeleted, { reason: 'churned' })]);
  });

  it('a tenant cannot be deleted twice', () => {
    tenantSpec
      .given([tenantCreated, tenantDeleted])
      .when((tenant) => decideDeleteTenant(tenant, { tenantId: TENANT_ID }))
      .thenFails('TenantDeleted');
  });

  it('a missing tenant cannot be deleted', () => {
    tenantSpec
      .given([])
      .when((tenant) => decideDeleteTenant(tenant, { tenantId: TENANT_ID }))
      .thenFails('TenantNotFound');
  });

  it('refuses a delete based on an outdated version', () => {
    tenantSpec
      .given([tenantCreated, { type: 'tenant.updated', data: { name: 'Acme 2' } }])
      .when((tenant) => decideDeleteTenant(tenant, { tenantId: TENANT_ID, expectedVersion: 1 }))
      .thenFails('StaleWrite');
  });
});

describe('tenant state', () => {
  it('counts every event applied as a version and tracks the lifecycle', () => {
    const created = tenantSpec.given([tenantCreated]).state;
    expect(created.version).toBe(1);
    expect(tenantIsActive(created)).toBe(true);
    const deleted = tenantSpec.given([tenantCreated, tenantDeleted]).state;
    expect(deleted).toMatchObject({ status: 'deleted', version: 2 });
    expect(tenantIsActive(deleted)).toBe(false);
    expect(tenantSpec.given([]).state).toEqual({ status: 'absent', version: 0 });
  });
});
