/**
 * Given a batch and the checkpoints, each projection gets only its own event types after its own
 * checkpoint, grouped by tenant in stream order.
 */
import { randomUUID } from 'node:crypto';
import { createEvent, TenantCreated, TenantUpdated } from '@konstruct/schemas';
import { describe, expect, test } from 'vitest';
import { planBatch } from './batch-plan.ts';
import { defineProjection } from './projection.ts';

const noop = async () => {};
const tenants = defineProjection({
  name: 'tenants',
  eventTypes: ['tenant.created', 'tenant.updated'],
  tables: [],
  apply: noop,
});
const updates = defineProjection({
  name: 'updates',
  eventTypes: ['tenant.updated'],
  tables: [],
  apply: noop,
});
const a = randomUUID();
const b = randomUUID();
const entries = [
  { event: createEvent(TenantCreated, { tenantId: a }, { name: 'A', slug: 'aa' }), sequence: 11 },
  { event: createEvent(TenantCreated, { tenantId: b }, { name: 'B', slug: 'bb' }), sequence: 12 },
  { event: createEvent(TenantUpdated, { tenantId: a }, { name: 'A2' }), sequence: 13 },
];

describe('planBatch', () => {
  test('groups by tenant (first appearance first), keeping stream order within a tenant', () => {
    const plan = planBatch(
      entries,
      [tenants, updates],
      new Map([
        ['tenants', 10],
        ['updates', 10],
      ]),
    );
    expect(plan.map((t) => t.tenantId)).toEqual([a, b]);
    const [forA, forB] = plan;
    expect(forA?.work.map((w) => [w.projection.name, w.entries.map((e) => e.sequence)])).toEqual([
      ['tenants', [11, 13]],
      ['updates', [13]],
    ]);
    expect(forB?.work.map((w) => [w.projection.name, w.entries.map((e) => e.sequence)])).toEqual([
      ['tenants', [12]],
    ]);
  });

  test('a projection gets nothing at or below its own checkpoint', () => {
    const plan = planBatch(
      entries,
      [tenants, updates],
      new Map([
        ['tenants', 12],
        ['updates', 0],
      ]),
    );
    expect(
      plan.flatMap((t) => t.work.map((w) => [w.projection.name, w.entries.map((e) => e.sequence)])),
    ).toEqual([
      ['tenants', [13]],
      ['updates', [13]],
    ]);
  });
});
