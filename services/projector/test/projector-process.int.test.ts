/**
 * The projector as its own process (`node src/main.ts`), against a real NATS and Postgres: it
 * projects what is published, and stops cleanly on SIGTERM. And as a service in `runPlatform`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createPublisher, silentLogger } from '@konstruct/bus';
import type { PlatformConfig } from '@konstruct/config';
import { loadConfig, platformEnvSchema } from '@konstruct/config';
import { withTenant } from '@konstruct/db';
import { waitForProjection } from '@konstruct/projections';
import { runPlatform } from '@konstruct/runtime';
import { createEvent, TenantCreated } from '@konstruct/schemas';
import {
  createTestBus,
  createTestDatabase,
  serviceUrls,
  type TestBus,
  type TestDatabase,
} from '@konstruct/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createProjectorService } from '../src/projector-service.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
let bus: TestBus;
let database: TestDatabase;
let env: Record<string, string>;

beforeAll(async () => {
  [bus, database] = await Promise.all([createTestBus(), createTestDatabase()]);
  env = {
    NATS_URL: serviceUrls().natsUrl,
    DATABASE_URL: database.ownerUrl,
    KONSTRUCT_NAMESPACE: bus.namespace,
    OPS_PORT: '0',
    LOG_LEVEL: 'warn',
    PROJECTOR_BATCH_SIZE: '100',
  };
});

afterAll(async () => {
  await bus?.cleanup();
  await database?.drop();
});

async function publishTenant(name: string): Promise<{ tenantId: string; sequence: number }> {
  const tenantId = randomUUID();
  const publisher = createPublisher({ nc: bus.nc, subjects: bus.subjects, logger: silentLogger() });
  const event = createEvent(
    TenantCreated,
    { tenantId },
    { name, slug: `s-${tenantId.slice(0, 8)}` },
  );
  const { seq } = await publisher.publish(event);
  return { tenantId, sequence: seq ?? 0 };
}

async function tenantName(tenantId: string): Promise<string | undefined> {
  return withTenant(database.appDb, tenantId, async (trx) => {
    const row = await trx.selectFrom('tenants').select('name').executeTakeFirst();
    return row?.name;
  });
}

describe('the projector process', () => {
  test('projects published events, then stops with exit code 0 on SIGTERM', async () => {
    const child: ChildProcess = spawn(process.execPath, [MAIN], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    try {
      const { tenantId, sequence } = await publishTenant('Process Tenant');
      await waitForProjection(database.appDb, sequence, { timeoutMs: 15_000 });
      expect(await tenantName(tenantId)).toBe('Process Tenant');
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    expect({ code, stderr }).toMatchObject({ code: 0 });
  });

  test('a bad setting is one line on stderr and exit code 1', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, ...env, PROJECTOR_BATCH_SIZE: 'lots' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^projector failed to start \(InvalidConfig\):.*\n\s*PROJECTOR_BATCH_SIZE: must be/,
    );
  });
});

describe('the projector service', () => {
  test('runs in runPlatform on the app role and stops with the platform', async () => {
    const config: PlatformConfig = loadConfig(platformEnvSchema, env);
    const platform = await runPlatform({
      config,
      services: [
        createProjectorService(() => ({ batchSize: 50, batchLingerMs: 20, maxAttempts: 3 })),
      ],
      processName: 'projector-test',
      logger: silentLogger(),
    });
    try {
      const { tenantId, sequence } = await publishTenant('Service Tenant');
      await waitForProjection(database.appDb, sequence, { timeoutMs: 10_000 });
      expect(await tenantName(tenantId)).toBe('Service Tenant');
    } finally {
      await platform.stop();
    }
  });
});
