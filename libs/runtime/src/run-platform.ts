/**
 * Runs services in this process: parses nothing itself (config is given), connects to NATS and —
 * only when a service needs them — Postgres (as the RLS-bound app role) and Redis, applies the
 * stream declarations, serves /healthz, /readyz and /metrics, starts the services, and stops
 * everything in reverse order within a deadline.
 */
import {
  connectBus,
  deadLetterStreamConfig,
  ensureStream,
  eventStreamConfig,
  type StreamLimits,
} from '@konstruct/bus';
import type { PlatformConfig } from '@konstruct/config';
import type { Database, Kysely } from '@konstruct/db';
import {
  createLogger,
  createMetrics,
  type Logger,
  type Metrics,
  type OpsServer,
  startOpsServer,
} from '@konstruct/observability';
import type { RedisClient } from '@konstruct/redis';
import { subjectsFor } from '@konstruct/schemas';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { busMetricsFrom } from './bus-metrics.ts';
import { openAppDatabase } from './database-connections.ts';
import { natsConnectOptions } from './nats-connection.ts';
import { readinessProbes } from './readiness-probes.ts';
import { openRedis } from './redis-connection.ts';
import type { RunningService, ServiceDefinition, SharedConnection } from './service-definition.ts';

export interface RunPlatformOptions {
  readonly config: PlatformConfig;
  readonly services: readonly ServiceDefinition[];
  /** The name processes, logs and metrics carry (`konstruct` for all-in-one, else the service). */
  readonly processName: string;
  readonly logger?: Logger;
  /** Connections to open even when no service needs them (all-in-one: the platform's readiness). */
  readonly connections?: readonly SharedConnection[];
  /** How long stop() waits for services to finish in-flight work (default 15 s). */
  readonly stopDeadlineMs?: number;
}

export interface RunningPlatform {
  readonly opsPort: number;
  readonly logger: Logger;
  readonly metrics: Metrics;
  stop(): Promise<void>;
}

export function streamLimitsOf(config: PlatformConfig): StreamLimits {
  return {
    maxAgeMs: config.KONSTRUCT_STREAM_MAX_AGE,
    maxBytes: config.KONSTRUCT_STREAM_MAX_BYTES,
    replicas: config.KONSTRUCT_STREAM_REPLICAS,
    duplicateWindowMs: config.KONSTRUCT_DUPLICATE_WINDOW,
  };
}

/** Declares the streams every service relies on; safe to call from every instance at start. */
export async function ensurePlatformStreams(
  nats: NatsConnection,
  config: PlatformConfig,
  logger: Logger,
): Promise<void> {
  const subjects = subjectsFor(config.KONSTRUCT_NAMESPACE);
  const jsm = await jetstreamManager(nats);
  const limits = streamLimitsOf(config);
  await ensureStream(jsm, eventStreamConfig(subjects, limits), { logger });
  await ensureStream(jsm, deadLetterStreamConfig(subjects, limits), { logger });
}

export async function runPlatform(options: RunPlatformOptions): Promise<RunningPlatform> {
  const { config, services, processName } = options;
  const logger =
    options.logger ??
    createLogger({
      level: config.LOG_LEVEL,
      service: processName,
      namespace: config.KONSTRUCT_NAMESPACE,
    });
  const metrics = createMetrics({ defaultLabels: { service: processName } });
  const stopping = new AbortController();
  const closers: Array<{ name: string; close: () => Promise<void> }> = [];
  const closeAll = () => closeInReverse(closers, logger, options.stopDeadlineMs ?? 15_000);
  try {
    const nats = await connectBus({
      ...natsConnectOptions(config, processName),
      logger,
      signal: stopping.signal,
    });
    closers.push({ name: 'nats', close: () => nats.drain() });
    metrics.reportNatsTraffic(() => nats.stats());
    await ensurePlatformStreams(nats, config, logger);
    const needs = new Set([...(options.connections ?? []), ...services.flatMap((s) => s.needs)]);
    let db: Kysely<Database> | undefined;
    if (needs.has('postgres')) {
      const opened = await openAppDatabase(config, processName, { logger });
      db = opened;
      closers.push({ name: 'postgres', close: () => opened.destroy() });
    }
    let redis: RedisClient | undefined;
    if (needs.has('redis')) {
      const opened = await openRedis(config, processName, logger);
      redis = opened;
      closers.push({ name: 'redis', close: async () => void (await opened.quit()) });
    }
    const ops: OpsServer = await startOpsServer({
      port: config.OPS_PORT,
      metrics,
      logger,
      readiness: readinessProbes({ nats, db, redis }),
    });
    closers.push({ name: 'ops server', close: () => ops.close() });
    const shared = {
      config,
      metrics,
      busMetrics: busMetricsFrom(metrics),
      subjects: subjectsFor(config.KONSTRUCT_NAMESPACE),
      streamLimits: streamLimitsOf(config),
      nats,
      db,
      redis,
      signal: stopping.signal,
    };
    for (const service of services) {
      const running: RunningService = await service.start({
        ...shared,
        logger: logger.child({ component: service.name }),
      });
      closers.push({ name: service.name, close: () => running.stop() });
      logger.info({ component: service.name }, 'service started');
    }
    logger.info({ services: services.map((s) => s.name), opsPort: ops.port }, 'platform started');
    return {
      opsPort: ops.port,
      logger,
      metrics,
      stop: async () => {
        stopping.abort(new Error('platform stopping'));
        await closeAll();
      },
    };
  } catch (error) {
    stopping.abort(error);
    await closeAll();
    throw error;
  }
}

/** Closes in reverse order of opening (services first, NATS last), each at most once. */
async function closeInReverse(
  closers: Array<{ name: string; close: () => Promise<void> }>,
  logger: Logger,
  deadlineMs: number,
): Promise<void> {
  const started = Date.now();
  while (closers.length > 0) {
    const closer = closers.pop();
    if (closer === undefined) break;
    const remaining = Math.max(1, deadlineMs - (Date.now() - started));
    try {
      await withTimeout(
        closer.close(),
        remaining,
        `${closer.name} did not stop within ${deadlineMs} ms`,
      );
      logger.info({ component: closer.name }, 'stopped');
    } catch (error) {
      logger.error({ component: closer.name, err: error }, 'stop failed');
    }
  }
}

function withTimeout(work: Promise<void>, ms: number, message: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<void>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
