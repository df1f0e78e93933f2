/**
 * One isolated world per test file: a NATS namespace (its own streams and durables), a fresh
 * migrated database, a publisher, and helpers to run the projector and read every projection
 * table — through the app role, one tenant scope at a time, exactly as readers do.
 */
import { createPublisher, type Publisher, silentLogger } from '@konstruct/bus';
import { type Database, type Kysely, withTenant } from '@konstruct/db';
import type { KonstructEvent } from '@konstruct/schemas';
import {
  createTestBus,
  createTestDatabase,
  type TestBus,
  type TestDatabase,
} from '@konstruct/testing';
import { sql } from 'kysely';
import { type ProjectorOptions, type RunningProjector, startProjector } from '../src/index.ts';

export const TABLE_ORDER = {
  tenants: ['tenant_id'],
  agents: ['agent_id'],
  channel_connections: ['connection_id'],
  members: ['user_id'],
  conversations: ['conversation_id'],
  messages: ['message_id'],
  usage_daily: ['agent_id', 'day', 'provider', 'model'],
} as const;

export type Snapshot = Record<keyof typeof TABLE_ORDER, Record<string, unknown>[]>;

export interface ProjectorHarness {
  readonly bus: TestBus;
  readonly database: TestDatabase;
  readonly publisher: Publisher<KonstructEvent>;
  /** Publishes in order; returns the stream sequence of the last one. */
  publish(events: readonly KonstructEvent[]): Promise<number>;
  start(options?: Partial<ProjectorOptions>): Promise<RunningProjector>;
  /** Every row of every projection table of these tenants, read in each tenant's scope. */
  snapshot(tenantIds: readonly string[]): Promise<Snapshot>;
  cleanup(): Promise<void>;
}

async function tableRows(trx: Kysely<Database>, table: keyof typeof TABLE_ORDER) {
  const order = sql.join(TABLE_ORDER[table].map((column) => sql.ref(column)));
  const { rows } = await sql<
    Record<string, unknown>
  >`select * from ${sql.table(table)} order by ${order}`.execute(trx);
  return rows;
}

export async function snapshotOf(
  db: Kysely<Database>,
  tenantIds: readonly string[],
): Promise<Snapshot> {
  const snapshot = Object.fromEntries(
    Object.keys(TABLE_ORDER).map((t) => [t, []]),
  ) as unknown as Snapshot;
  for (const tenantId of [...tenantIds].sort()) {
    await withTenant(db, tenantId, async (trx) => {
      for (const table of Object.keys(TABLE_ORDER) as (keyof typeof TABLE_ORDER)[]) {
        snapshot[table].push(...(await tableRows(trx, table)));
      }
    });
  }
  return snapshot;
}

export async function createProjectorHarness(): Promise<ProjectorHarness> {
  const [bus, database] = await Promise.all([createTestBus(), createTestDatabase()]);
  const logger = silentLogger();
  const publisher = createPublisher({ nc: bus.nc, subjects: bus.subjects, logger });
  const running: RunningProjector[] = [];
  return {
    bus,
    database,
    publisher,
    async publish(events) {
      const results = await publisher.publishMany(events);
      return Math.max(0, ...results.map((result) => result.seq ?? 0));
    },
    async start(options = {}) {
      const projector = await startProjector({
        nc: bus.nc,
        db: database.appDb,
        subjects: bus.subjects,
        logger,
        retryBackoffMs: [20, 50, 100],
        ...options,
      });
      running.push(projector);
      return projector;
    },
    snapshot: (tenantIds) => snapshotOf(database.appDb, tenantIds),
    async cleanup() {
      await Promise.all(running.map((projector) => projector.stop()));
      await bus.cleanup();
      await database.drop();
    },
  };
}
