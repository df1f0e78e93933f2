/**
 * Where each projection stands against the stream: its checkpoint, the stream's last position,
 * and how far behind it is (`konstruct projections status`, readiness checks, benchmarks).
 */
import type { Database, Kysely } from '@konstruct/db';
import { streamLastSequence } from '@konstruct/event-store';
import type { Subjects } from '@konstruct/schemas';
import type { NatsConnection } from '@nats-io/transport-node';
import { readCheckpoints } from './checkpoints.ts';
import { projectionNames } from './projection-registry.ts';

export interface ProjectionStanding {
  readonly projection: string;
  readonly lastSequence: number;
  /** Stream positions not applied yet (0 when caught up). */
  readonly behind: number;
}

export interface ProjectionStatus {
  readonly streamLastSequence: number;
  readonly projections: readonly ProjectionStanding[];
}

export async function projectionStatus(options: {
  readonly db: Kysely<Database>;
  readonly nc: NatsConnection;
  readonly subjects: Subjects;
  readonly names?: readonly string[];
}): Promise<ProjectionStatus> {
  const names = options.names ?? projectionNames;
  const [last, checkpoints] = await Promise.all([
    streamLastSequence(options.nc, options.subjects.streams.events),
    readCheckpoints(options.db, names),
  ]);
  return {
    streamLastSequence: last,
    projections: names.map((projection) => {
      const lastSequence = checkpoints.get(projection) ?? 0;
      return { projection, lastSequence, behind: Math.max(0, last - lastSequence) };
    }),
  };
}
