import { loadConfig, type PlatformConfig, platformEnvSchema } from '@konstruct/config';
import { createLogger } from '@konstruct/observability';
import {
  createTestBus,
  createTestDatabase,
  serviceUrls,
  type TestBus,
  type TestDatabase,
} from '@konstruct/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import { runPlatform, type ServiceContext, type ServiceDefinition } from '../src/index.ts';

/** A small real service that records what happened to it. */
function recordingService(name: string, journal: string[], failStart = false): ServiceDefinition {
  return {
    name,
    description: `test service ${name}`,
    needs: ['postgres', 'redis'],
    async start(context: ServiceContext) {
      if (failStart) throw new Error(`${name} cannot start`);
      const row = await sql<{ user: string }>`select current_user as user`.execute(
        context.db ?? (undefined as never),
      );
      journal.push(`${name} started as ${row.rows[0]?.user}`);
      journal.push(`${name} redis ${await context.redis?.ping()}`);
      return {
        stop: async () => {
          journal.push(`${name} stopped, nats open: ${!context.nats.isClosed()}`);
        },
      };
    },
  };
}

describe('runPlatform', () => {
  let database: TestDatabase;
  let bus: TestBus;
  let config: PlatformConfig;
  const logger = createLogger({ level: 'silent', service: 'test', namespace: 'test' });

  beforeAll(async () => {
    database = await createTestDatabase();
    bus = await createTestBus({ streams: false });
    config = loadConfig(platformEnvSchema, {
      NATS_URL: serviceUrls().natsUrl,
      REDIS_URL: serviceUrls().redisUrl,
      DATABASE_URL: database.ownerUrl,
      KONSTRUCT_NAMESPACE: bus.namespace,
      OPS_PORT: '0',
    });
  });
  afterAll(async () => {
    await bus.cleanup();
    await database.drop();
  });

  test('gives services the RLS-bound app role, declares the streams, stops services before NATS', async () => {
    const journal: string[] = [];
    const platform = await runPlatform({
      config,
      logger,
      processName: 'test',
      services: [recordingService('a', journal), recordingService('b', journal)],
    });
    onTestFinished(() => platform.stop());
    const streams: string[] = [];
    for await (const name of (await jetstreamManager(bus.nc)).streams.names()) {
      if (name.startsWith(`${bus.namespace}-`)) streams.push(name);
    }
    expect(streams.sort()).toEqual([`${bus.namespace}-deadletter`, `${bus.namespace}-events`]);

    const ready = await fetch(`http://127.0.0.1:${platform.opsPort}/readyz`);
    expect(await ready.json()).toMatchObject({
      checks: { nats: 'ok', postgres: 'ok', redis: 'ok' },
    });

    await platform.stop();
    expect(journal).toEqual([
      'a started as konstruct_app',
      'a redis PONG',
      'b started as konstruct_app',
      'b redis PONG',
      'b stopped, nats open: true',
      'a stopped, nats open: true',
    ]);
    await expect(fetch(`http://127.0.0.1:${platform.opsPort}/healthz`)).rejects.toThrow();
  });

  test('a service that fails to start stops the ones already started and rethrows', async () => {
    const journal: string[] = [];
    await expect(
      runPlatform({
        config,
        logger,
        processName: 'test',
        services: [recordingService('a', journal), recordingService('broken', journal, true)],
      }),
    ).rejects.toThrow('broken cannot start');
    expect(journal).toContain('a stopped, nats open: true');
  });

  test('refuses to run services on a database role that bypasses RLS', async () => {
    const unsafe = { ...config, DATABASE_APP_URL: database.ownerUrl };
    await expect(
      runPlatform({
        config: unsafe,
        logger,
        processName: 'test',
        services: [recordingService('a', [])],
      }),
    ).rejects.toMatchObject({ code: 'UnsafeDatabaseRole' });
  });
});
