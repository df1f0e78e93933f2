/**
 * `konstruct projections status` and `konstruct projections rebuild` through the real binary:
 * status shows each projection behind the stream, rebuild (as the owner) brings them to its end,
 * and an unknown projection name is one error line naming the known ones.
 */
import { randomUUID } from 'node:crypto';
import { createPublisher, silentLogger } from '@konstruct/bus';
import { createEvent, TenantCreated } from '@konstruct/schemas';
import {
  createTestBus,
  createTestDatabase,
  serviceUrls,
  type TestBus,
  type TestDatabase,
} from '@konstruct/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runKonstruct } from './run-konstruct.ts';

let database: TestDatabase;
let bus: TestBus;
let env: NodeJS.ProcessEnv;
let lastSequence: number;

beforeAll(async () => {
  [database, bus] = await Promise.all([createTestDatabase(), createTestBus()]);
  env = {
    NATS_URL: serviceUrls().natsUrl,
    DATABASE_URL: database.ownerUrl,
    KONSTRUCT_NAMESPACE: bus.namespace,
  };
  const publisher = createPublisher({ nc: bus.nc, subjects: bus.subjects, logger: silentLogger() });
  const tenantId = randomUUID();
  const result = await publisher.publish(
    createEvent(TenantCreated, { tenantId }, { name: 'Acme', slug: 'acme-cli' }),
  );
  lastSequence = result.seq ?? 0;
});

afterAll(async () => {
  await database?.drop();
  await bus?.cleanup();
});

describe('konstruct projections', () => {
  test('status shows every projection behind the stream before anything is applied', async () => {
    const status = await runKonstruct(['projections', 'status', '--json'], env);
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as { projections: { behind: number }[] };
    expect(parsed).toMatchObject({ streamLastSequence: lastSequence });
    expect(parsed.projections).toContainEqual({
      projection: 'tenants',
      lastSequence: 0,
      behind: 1,
    });
  });

  test('rebuild replays the stream as the owner; status then shows them up to date', async () => {
    const rebuild = await runKonstruct(['projections', 'rebuild', 'tenants', '--json'], env);
    expect(rebuild.code).toBe(0);
    expect(JSON.parse(rebuild.stdout)).toMatchObject({
      projections: ['tenants'],
      lastSequence,
      applied: 1,
      skipped: [],
    });
    const status = await runKonstruct(['projections', 'status'], env);
    expect(status.stdout).toMatch(/^tenants\s+1\s+up to date$/m);
    expect(status.stdout).toMatch(/^usage\s+0\s+1 behind$/m);
  });

  test('an unknown projection is one error line naming the known ones', async () => {
    const result = await runKonstruct(['projections', 'rebuild', 'nope'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /error \(UnknownProjection\): unknown projection nope; known: tenants/,
    );
  });
});
