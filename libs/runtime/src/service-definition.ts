/**
 * What a service is to the runtime: a name, the connections it needs, and a `start` that gets
 * everything the process shares (config, logger, metrics, NATS, Postgres, Redis, a stop signal)
 * and returns a handle to stop it. Services are started the same way whether they share one
 * process (`konstruct start`) or run one per process.
 */

import type { BusMetrics, StreamLimits } from '@konstruct/bus';
import type { PlatformConfig } from '@konstruct/config';
import type { Database, Kysely } from '@konstruct/db';
import type { Logger, Metrics } from '@konstruct/observability';
import type { RedisClient } from '@konstruct/redis';
import type { Subjects } from '@konstruct/schemas';
import type { NatsConnection } from '@nats-io/transport-node';

export type SharedConnection = 'postgres' | 'redis';

export interface ServiceContext {
  readonly config: PlatformConfig;
  /** A child logger carrying the service name. */
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** The same instruments as the bus's metrics port: pass to createPublisher / runConsumer. */
  readonly busMetrics: BusMetrics;
  readonly subjects: Subjects;
  readonly streamLimits: StreamLimits;
  readonly nats: NatsConnection;
  /** The app-role connection (RLS applies); present when the service needs `postgres`. */
  readonly db: Kysely<Database> | undefined;
  /** Present when the service needs `redis`. */
  readonly redis: RedisClient | undefined;
  /** Aborted when the process begins to stop. */
  readonly signal: AbortSignal;
}

export interface RunningService {
  /** Stops taking work, finishes what is in flight, releases what the service opened. */
  stop(): Promise<void>;
}

export interface ServiceDefinition {
  readonly name: string;
  readonly description: string;
  readonly needs: readonly SharedConnection[];
  /**
   * What keeps the service from starting with this environment (a missing secret, no LLM
   * provider), as one sentence naming the variables to set; undefined when it can start.
   * `konstruct start` with no names skips such a service and says why; named, it is an error.
   */
  readonly configurationProblem?: () => string | undefined;
  start(context: ServiceContext): Promise<RunningService>;
}
