/**
 * Command-to-visible latency (issue 4): how long an admin command takes until the read model shows
 * it (`command → waitForProjection`), p50/p99, with 1 tenant and with 1,000 tenants, plus the
 * command throughput while creating the 1,000 tenants. The reference measured in the same run is
 * the raw JetStream publish-to-ack latency, since the machines are shared and noisy.
 * Writes bench/results/admin.json. Run alone: `node bench/admin.bench.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createTenant, updateTenant } from '@konstruct/admin-commands';
import { createPublisher, silentLogger } from '@konstruct/bus';
import { loadConfig, platformEnvSchema } from '@konstruct/config';
import { openAdminBucket } from '@konstruct/event-store';
import { createLogger } from '@konstruct/observability';
import { waitForProjection } from '@konstruct/projections';
import { projectorService } from '@konstruct/projector';
import { runPlatform } from '@konstruct/runtime';
import { createTestBus, createTestDatabase, serviceUrls } from '@konstruct/testing';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';

const SAMPLES = 200;
const TENANTS = 1_000;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(samplesMs: number[]) {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return {
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    n: sorted.length,
  };
}

const round = (value: number) => Math.round(value * 100) / 100;

async function measure(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export async function runAdminBenchmark() {
  const bus = await createTestBus({ streams: false });
  const database = await createTestDatabase();
  const config = loadConfig(platformEnvSchema, {
    NATS_URL: serviceUrls().natsUrl,
    REDIS_URL: serviceUrls().redisUrl,
    DATABASE_URL: database.ownerUrl,
    KONSTRUCT_NAMESPACE: bus.namespace,
    OPS_PORT: '0',
  });
  const logger = createLogger({ level: 'warn', service: 'bench', namespace: bus.namespace });
  const platform = await runPlatform({
    config,
    services: [projectorService],
    processName: 'bench',
    logger,
  });
  const bucket = await openAdminBucket(bus.nc, bus.subjects, 1);
  const store = {
    nc: bus.nc,
    subjects: bus.subjects,
    bucket,
    publisher: createPublisher({ nc: bus.nc, subjects: bus.subjects, logger: silentLogger() }),
  };
  const visible = async (command: () => Promise<{ sequence: number }>) => {
    const { sequence } = await command();
    await waitForProjection(database.appDb, sequence, { timeoutMs: 30_000 });
  };
  try {
    const js = jetstream(bus.nc);
    const reference = `${bus.namespace}-reference`;
    await (await jetstreamManager(bus.nc)).streams.add({
      name: reference,
      subjects: [`${bus.namespace}.reference`],
    });
    const rawAck: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      rawAck.push(
        await measure(async () => void (await js.publish(`${bus.namespace}.reference`, 'x'))).catch(
          () => Number.NaN,
        ),
      );
    }

    const first = await createTenant(store, { name: 'Bench One' });
    await waitForProjection(database.appDb, first.sequence, { timeoutMs: 30_000 });
    const oneTenant: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      oneTenant.push(
        await measure(() =>
          visible(() => updateTenant(store, { tenantId: first.id, rateLimitPerMinute: 100 + i })),
        ),
      );
    }

    const tenantIds: string[] = [first.id];
    const creating = await measure(async () => {
      for (let i = 1; i < TENANTS; i++)
        tenantIds.push((await createTenant(store, { name: `Bench ${i}` })).id);
    });
    const manyTenants: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const tenantId = tenantIds[Math.floor(Math.random() * tenantIds.length)] ?? first.id;
      manyTenants.push(
        await measure(() =>
          visible(() => updateTenant(store, { tenantId, rateLimitPerMinute: 1_000 + i })),
        ),
      );
    }

    const raw = summary(rawAck.filter((value) => !Number.isNaN(value)));
    const result = {
      date: new Date().toISOString(),
      node: process.version,
      reference: { jetstreamPublishAck: raw },
      oneTenant: { commandToVisible: summary(oneTenant) },
      thousandTenants: {
        commandToVisible: summary(manyTenants),
        createTenantsPerSec: round((TENANTS - 1) / (creating / 1000)),
      },
      ratioToRawAck: {
        oneTenantP50: round(summary(oneTenant).p50Ms / raw.p50Ms),
        thousandTenantsP50: round(summary(manyTenants).p50Ms / raw.p50Ms),
      },
    };
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(
      new URL('./results/admin.json', import.meta.url),
      `${JSON.stringify(result, null, 2)}\n`,
    );
    process.stdout.write(
      `admin: command→visible p50/p99 ${result.oneTenant.commandToVisible.p50Ms}/${result.oneTenant.commandToVisible.p99Ms} ms (1 tenant), ` +
        `${result.thousandTenants.commandToVisible.p50Ms}/${result.thousandTenants.commandToVisible.p99Ms} ms (1,000 tenants); ` +
        `raw publish ack p50 ${raw.p50Ms} ms; ${result.thousandTenants.createTenantsPerSec} tenant creations/s\n`,
    );
    return result;
  } finally {
    await platform.stop();
    await bucket.destroy();
    await bus.cleanup();
    await database.drop();
  }
}

if (import.meta.main) await runAdminBenchmark();
