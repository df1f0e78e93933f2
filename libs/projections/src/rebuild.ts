/**
 * Rebuilds projections from the events stream (OPS-02), safely while the platform runs: in ONE
 * transaction holding the same advisory lock as the live loop, it empties the projections'
 * tables, replays the stream from its first to its current last position, and sets their
 * checkpoints to that position; the live loop, blocked on the lock meanwhile, then continues
 * after it. Readers see the old rows until the commit (their reads of these tables wait for it).
 *
 * Row Level Security: the tables are FORCE RLS, which binds their owner too unless it is a
 * superuser, so a `DELETE` without a tenant scope would delete nothing. The rows are removed
 * with `TRUNCATE`, which RLS does not filter and which only the table owner (or a role granted
 * TRUNCATE) may run — the app role may not. So a rebuild runs on the OWNER connection
 * (DATABASE_URL), and everything it writes still goes through RLS with the tenant scope set per
 * event, exactly as the live loop writes (no policy is bypassed, no SECURITY DEFINER function).
 */
import type { Database, Kysely, Transaction } from '@konstruct/db';
import { streamLastSequence } from '@konstruct/event-store';
import {
  type EventRegistry,
  eventRegistry,
  type KonstructEvent,
  type Subjects,
} from '@konstruct/schemas';
import type { NatsConnection } from '@nats-io/transport-node';
import { sql } from 'kysely';
import { type ApplyFailure, applyPlan } from './apply-plan.ts';
import { planBatch } from './batch-plan.ts';
import { writeCheckpoints } from './checkpoints.ts';
import type { Projection } from './projection.ts';
import { ProjectionError } from './projection-errors.ts';
import { lockProjections } from './projection-lock.ts';
import { allProjections, selectProjections } from './projection-registry.ts';
import { readStreamChunks } from './stream-chunks.ts';

export interface RebuildOptions {
  /** The OWNER connection (DATABASE_URL): emptying the tables needs the owner's TRUNCATE. */
  readonly db: Kysely<Database>;
  readonly nc: NatsConnection;
  readonly subjects: Subjects;
  /** Projections to rebuild (default: all). */
  readonly names?: readonly string[];
  /** Events per savepoint while replaying (default 1,000). */
  readonly chunkSize?: number;
  readonly signal?: AbortSignal;
  readonly registry?: EventRegistry<KonstructEvent>;
  readonly projections?: readonly Projection[];
}

export interface SkippedEvent {
  readonly sequence: number;
  readonly reason: string;
}

export interface RebuildResult {
  readonly projections: readonly string[];
  /** The stream position the projections now stand at. */
  readonly lastSequence: number;
  /** Events replayed into at least one rebuilt projection. */
  readonly applied: number;
  /** Events that did not parse or did not apply (the live loop dead-letters them too). */
  readonly skipped: readonly SkippedEvent[];
  readonly durationMs: number;
}

const describe = (failure: ApplyFailure) =>
  `${failure.projection}: ${failure.error instanceof Error ? failure.error.message : String(failure.error)}`;

async function truncate(trx: Transaction<Database>, projections: readonly Projection[]) {
  const tables = [...new Set(projections.flatMap((p) => p.tables))];
  if (tables.length === 0) return;
  try {
    await sql`truncate table ${sql.join(tables.map((table) => sql.table(table)))}`.execute(trx);
  } catch (error) {
    if ((error as { code?: unknown }).code !== '42501') throw error;
    throw new ProjectionError(
      'RebuildNeedsOwner',
      `rebuilding needs the tables' owner (DATABASE_URL), not the app role: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

async function applyChunk(
  trx: Transaction<Database>,
  plan: Parameters<typeof applyPlan>[1],
): Promise<ApplyFailure[]> {
  await sql`savepoint projection_chunk`.execute(trx);
  try {
    await applyPlan(trx, plan, 'fast');
    await sql`release savepoint projection_chunk`.execute(trx);
    return [];
  } catch {
    await sql`rollback to savepoint projection_chunk`.execute(trx);
    await sql`release savepoint projection_chunk`.execute(trx);
    return applyPlan(trx, plan, 'careful');
  }
}

async function replay(
  trx: Transaction<Database>,
  options: RebuildOptions,
  projections: readonly Projection[],
  lastSequence: number,
): Promise<{ applied: number; skipped: SkippedEvent[] }> {
  const fromZero = new Map(projections.map((p) => [p.name, 0]));
  const types = new Set<string>(projections.flatMap((p) => p.eventTypes));
  const skipped: SkippedEvent[] = [];
  let applied = 0;
  const chunks = readStreamChunks({
    nc: options.nc,
    subjects: options.subjects,
    registry: options.registry ?? eventRegistry,
    from: 0,
    to: lastSequence,
    chunkSize: options.chunkSize ?? 1_000,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  for await (const chunk of chunks) {
    skipped.push(...chunk.invalid.map((i) => ({ sequence: i.sequence, reason: i.failure.reason })));
    const failures = await applyChunk(trx, planBatch(chunk.entries, projections, fromZero));
    skipped.push(...failures.map((f) => ({ sequence: f.entry.sequence, reason: describe(f) })));
    applied += chunk.entries.filter((entry) => types.has(entry.event.type)).length;
  }
  return { applied, skipped };
}

/** Rebuilds the named projections (all by default) from the stream; see the module header. */
export async function rebuildProjections(options: RebuildOptions): Promise<RebuildResult> {
  const started = performance.now();
  const projections = selectProjections(options.names, options.projections ?? allProjections);
  const names = projections.map((p) => p.name);
  return options.db.transaction().execute(async (trx) => {
    await lockProjections(trx, options.subjects.namespace);
    // Read after taking the lock: the live loop cannot have applied beyond it.
    const lastSequence = await streamLastSequence(options.nc, options.subjects.streams.events);
    await truncate(trx, projections);
    const { applied, skipped } = await replay(trx, options, projections, lastSequence);
    await writeCheckpoints(trx, names, lastSequence, 'set');
    return {
      projections: names,
      lastSequence,
      applied,
      skipped,
      durationMs: Math.round(performance.now() - started),
    };
  });
}
