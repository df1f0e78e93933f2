/**
 * Events of different aggregates arrive in any order (an agent configured before its tenant is
 * created, a connection naming an agent not projected yet) and still end in the right rows; two
 * tenants' rows land under their own tenant, and the app role in one tenant's scope sees none of
 * the other's.
 */
import { randomUUID } from 'node:crypto';
import { withTenant } from '@konstruct/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { waitForProjection } from '../src/index.ts';
import { createProjectorHarness, type ProjectorHarness, TABLE_ORDER } from './projector-harness.ts';
import * as ev from './test-events.ts';

let h: ProjectorHarness;
const tenantA = randomUUID();
const tenantB = randomUUID();
const agentA = randomUUID();
const agentB = randomUUID();
const connectionA = randomUUID();

beforeAll(async () => {
  h = await createProjectorHarness();
  await h.start();
  const last = await h.publish([
    ev.connectionAdded(tenantA, connectionA, agentA, '2026-05-01T09:00:00Z'),
    ev.agentConfigured(tenantA, agentA, '2026-05-01T09:01:00Z', 'Alex'),
    ev.tenantCreated(tenantA, '2026-05-01T09:02:00Z'),
    ev.tenantCreated(tenantB, '2026-05-01T09:03:00Z'),
    ev.agentConfigured(tenantB, agentB, '2026-05-01T09:04:00Z', 'Mara'),
    ...ev.mixedEvents([tenantA, tenantB], 40),
  ]);
  await waitForProjection(h.database.appDb, last);
});

afterAll(async () => {
  await h?.cleanup();
});

describe('arrival order', () => {
  test('a connection naming an agent projected later, and an agent before its tenant, end right', async () => {
    const { tenants, agents, channel_connections } = await h.snapshot([tenantA]);
    expect(tenants).toMatchObject([{ tenant_id: tenantA, status: 'active', version: 1 }]);
    expect(agents.find((row) => row.agent_id === agentA)).toMatchObject({
      name: 'Alex',
      version: 1,
    });
    expect(channel_connections).toMatchObject([
      { connection_id: connectionA, agent_id: agentA, status: 'active', version: 1 },
    ]);
  });
});

describe('tenant isolation', () => {
  test("each tenant's rows carry its own tenant id", async () => {
    for (const tenant of [tenantA, tenantB]) {
      const snapshot = await h.snapshot([tenant]);
      const rows = Object.values(snapshot).flat();
      expect(rows.length).toBeGreaterThan(10);
      expect(new Set(rows.map((row) => row.tenant_id))).toEqual(new Set([tenant]));
    }
  });

  test("the app role in tenant A's scope sees none of B's rows, and cannot write them", async () => {
    await withTenant(h.database.appDb, tenantA, async (trx) => {
      for (const table of Object.keys(TABLE_ORDER)) {
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from ${sql.table(table)} where tenant_id = ${tenantB}
        `.execute(trx);
        expect(rows[0]?.n, table).toBe(0);
      }
      const update = await trx
        .updateTable('agents')
        .set({ name: 'stolen' })
        .where('agent_id', '=', agentB)
        .executeTakeFirst();
      expect(update.numUpdatedRows).toBe(0n);
    });
  });

  test('outside any tenant scope the app role sees no projected row', async () => {
    for (const table of Object.keys(TABLE_ORDER)) {
      const { rows } = await sql<{
        n: number;
      }>`select count(*)::int as n from ${sql.table(table)}`.execute(h.database.appDb);
      expect(rows[0]?.n, table).toBe(0);
    }
  });
});
