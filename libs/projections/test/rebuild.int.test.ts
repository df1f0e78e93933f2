/**
 * Rebuild equals live: a projection rebuilt from the stream holds exactly the rows the live loop
 * wrote (every column; timestamps come from events), also when the tables' owner is an ordinary
 * role bound by FORCE RLS, and also when it runs while the live loop applies new events.
 */
import { randomUUID } from 'node:crypto';
import { createDb, type Database, type Kysely } from '@konstruct/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  allProjections,
  ProjectionError,
  readCheckpoints,
  rebuildProjections,
  waitForProjection,
} from '../src/index.ts';
import { createProjectorHarness, type ProjectorHarness, TABLE_ORDER } from './projector-harness.ts';
import * as ev from './test-events.ts';

let h: ProjectorHarness;
const tenants = [randomUUID(), randomUUID(), randomUUID()];
const names = allProjections.map((p) => p.name);
let lastSequence: number;

const rebuild = (db: Kysely<Database>, projectionNames?: string[]) =>
  rebuildProjections({
    db,
    nc: h.bus.nc,
    subjects: h.bus.subjects,
    chunkSize: 97,
    ...(projectionNames === undefined ? {} : { names: projectionNames }),
  });

beforeAll(async () => {
  h = await createProjectorHarness();
  await h.start({ batchSize: 50 });
  const [a, b, c] = tenants as [string, string, string];
  lastSequence = await h.publish([
    ev.tenantCreated(a, '2026-06-01T09:00:00Z'),
    ev.tenantCreated(b, '2026-06-01T09:00:01Z'),
    ev.tenantUpdated(b, '2026-06-01T09:00:02Z', { name: 'Renamed' }),
    ev.tenantDeleted(c, '2026-06-01T09:00:03Z'),
    ev.memberInvited(a, randomUUID(), '2026-06-01T09:00:04Z'),
    ev.connectionAdded(b, randomUUID(), null, '2026-06-01T09:00:05Z'),
    ...ev.mixedEvents(tenants, 400),
  ]);
  await waitForProjection(h.database.appDb, lastSequence);
});

afterAll(async () => {
  await h?.cleanup();
});

describe('rebuildProjections', () => {
  test('rebuilding every projection reproduces every row of the live projection', async () => {
    const live = await h.snapshot(tenants);
    expect(live.messages.length).toBeGreaterThan(200);
    const result = await rebuild(h.database.ownerDb);
    expect(result).toMatchObject({ projections: names, lastSequence, skipped: [] });
    expect(result.applied).toBe(lastSequence);
    expect(await h.snapshot(tenants)).toEqual(live);
    const checkpoints = await readCheckpoints(h.database.appDb, names);
    expect([...checkpoints.values()]).toEqual(names.map(() => lastSequence));
  });

  test('a rebuild of one projection leaves the others untouched and reproduces its rows', async () => {
    const live = await h.snapshot(tenants);
    const result = await rebuild(h.database.ownerDb, ['usage']);
    expect(result.projections).toEqual(['usage']);
    expect(await h.snapshot(tenants)).toEqual(live);
  });

  test('the app role may not rebuild: RebuildNeedsOwner', async () => {
    const attempt = rebuild(h.database.appDb, ['usage']);
    await expect(attempt).rejects.toBeInstanceOf(ProjectionError);
    await expect(attempt).rejects.toMatchObject({ code: 'RebuildNeedsOwner' });
  });

  test('an owner that is not a superuser (bound by FORCE RLS) rebuilds correctly', async () => {
    const live = await h.snapshot(tenants);
    const role = `${h.database.name}_owner`;
    const superDb = h.database.ownerDb;
    // everything the real owner owns, the audit log included (the platform_read policy reads it)
    const tables = [...Object.keys(TABLE_ORDER), 'projection_checkpoints', 'platform_access_log'];
    await sql`create role ${sql.id(role)} login nosuperuser nobypassrls`.execute(superDb);
    const url = new URL(h.database.ownerUrl);
    url.username = role;
    const ownerDb = createDb({ url: url.toString(), poolSize: 1 });
    try {
      for (const table of tables) {
        await sql`alter table ${sql.table(table)} owner to ${sql.id(role)}`.execute(superDb);
      }
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from messages`.execute(
        ownerDb,
      );
      expect(rows[0]?.n).toBe(0); // FORCE RLS binds this owner: without a tenant it sees nothing
      await rebuild(ownerDb);
      expect(await h.snapshot(tenants)).toEqual(live);
    } finally {
      await ownerDb.destroy();
      await sql`reassign owned by ${sql.id(role)} to current_user`.execute(superDb);
      await sql`drop owned by ${sql.id(role)}`.execute(superDb);
      await sql`drop role ${sql.id(role)}`.execute(superDb);
    }
  });

  test('a rebuild while the live loop applies new events leaves the live projection equal to a fresh rebuild', async () => {
    let last = lastSequence;
    let firstRoundDone: () => void = () => {};
    const firstRound = new Promise<void>((resolve) => {
      firstRoundDone = resolve;
    });
    const publishing = (async () => {
      for (let round = 0; round < 8; round++) {
        const start = Date.UTC(2026, 6, 1 + round);
        last = await h.publish(ev.mixedEvents(tenants, 60, start));
        firstRoundDone();
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    })();
    await firstRound;
    const during = await rebuild(h.database.ownerDb);
    await publishing;
    expect(during.lastSequence).toBeGreaterThan(lastSequence);
    expect(during.lastSequence).toBeLessThanOrEqual(last);
    await waitForProjection(h.database.appDb, last, { timeoutMs: 15_000 });
    const live = await h.snapshot(tenants);
    expect(live.messages.length).toBeGreaterThan(400);
    await rebuild(h.database.ownerDb);
    expect(await h.snapshot(tenants)).toEqual(live);
  });
});
