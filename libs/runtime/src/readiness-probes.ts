/**
 * /readyz probes for the connections a process holds: NATS answers a round trip, Postgres a
 * `select 1`, Redis a PING. Only the connections the process opened are probed.
 */
import type { Database, Kysely } from '@konstruct/db';
import type { ReadinessProbe } from '@konstruct/observability';
import type { RedisClient } from '@konstruct/redis';
import type { NatsConnection } from '@nats-io/transport-node';
import { sql } from 'kysely';

export function readinessProbes(connections: {
  readonly nats: NatsConnection;
  readonly db: Kysely<Database> | undefined;
  readonly redis: RedisClient | undefined;
}): Record<string, ReadinessProbe> {
  const probes: Record<string, ReadinessProbe> = {
    nats: async () => {
      if (connections.nats.isClosed()) throw new Error('connection closed');
      await connections.nats.rtt();
    },
  };
  const { db, redis } = connections;
  if (db !== undefined) {
    probes.postgres = async () => {
      await sql`select 1`.execute(db);
    };
  }
  if (redis !== undefined) {
    probes.redis = async () => {
      const answer = await redis.ping();
      if (answer !== 'PONG') throw new Error(`unexpected PING answer: ${answer}`);
    };
  }
  return probes;
}
