/**
 * A projector pointed at a database that was never migrated refuses to start with a typed
 * error naming the fix, instead of failing on its first batch.
 */
import { silentLogger } from '@konstruct/bus';
import {
  createTestBus,
  createTestDatabase,
  type TestBus,
  type TestDatabase,
} from '@konstruct/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ProjectionError, startProjector } from '../src/index.ts';

let bus: TestBus;
let database: TestDatabase;

beforeAll(async () => {
  [bus, database] = await Promise.all([createTestBus(), createTestDatabase({ migrate: false })]);
});

afterAll(async () => {
  await bus?.cleanup();
  await database?.drop();
});

test('the projector refuses an unmigrated database with ReadModelNotMigrated', async () => {
  const start = startProjector({
    nc: bus.nc,
    db: database.ownerDb,
    subjects: bus.subjects,
    logger: silentLogger(),
  });
  await expect(start).rejects.toBeInstanceOf(ProjectionError);
  await expect(start).rejects.toMatchObject({ code: 'ReadModelNotMigrated' });
  await expect(start).rejects.toThrow(/run `konstruct migrate`/);
});
