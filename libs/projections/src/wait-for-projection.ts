/**
 * Read-your-own-writes (portal writes are commands): after appending an event at stream
 * sequence `s`, wait until the read model has applied `s` before reading it back. Polls the
 * checkpoints with a short back-off (a few ms at first, at most 100 ms apart); resolves at once
 * when they are already there. Times out with `ProjectionTimeoutError` (`ProjectionTimeout`),
 * naming each projection still behind — usually because no projector is running.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database, Kysely } from '@konstruct/db';
import { readCheckpoints } from './checkpoints.ts';
import { type ProjectionPosition, ProjectionTimeoutError } from './projection-errors.ts';
import { projectionNames, selectProjections } from './projection-registry.ts';

export interface WaitForProjectionOptions {
  /** Default 5,000 ms. */
  readonly timeoutMs?: number;
  /** The projections to wait for (default: all). */
  readonly projections?: readonly string[];
  readonly signal?: AbortSignal;
}

const FIRST_POLL_MS = 5;
const MAX_POLL_MS = 100;

async function positionsBehind(
  db: Kysely<Database>,
  names: readonly string[],
  sequence: number,
): Promise<ProjectionPosition[]> {
  const checkpoints = await readCheckpoints(db, names);
  return [...checkpoints]
    .filter(([, lastSequence]) => lastSequence < sequence)
    .map(([projection, lastSequence]) => ({ projection, lastSequence }));
}

/** Waits `ms`; an abort rejects with the signal's reason (as `throwIfAborted` does). */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, signal === undefined ? {} : { signal });
  } catch (error) {
    signal?.throwIfAborted();
    throw error;
  }
}

/** Resolves when every named projection has applied stream position `sequence`. */
export async function waitForProjection(
  db: Kysely<Database>,
  sequence: number,
  options: WaitForProjectionOptions = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const names =
    options.projections === undefined
      ? projectionNames
      : selectProjections(options.projections).map((p) => p.name);
  const deadline = performance.now() + timeoutMs;
  let pollMs = FIRST_POLL_MS;
  for (;;) {
    options.signal?.throwIfAborted();
    const behind = await positionsBehind(db, names, sequence);
    if (behind.length === 0) return;
    const remaining = deadline - performance.now();
    if (remaining <= 0) throw new ProjectionTimeoutError(sequence, behind, timeoutMs);
    await pause(Math.min(pollMs, remaining), options.signal);
    pollMs = Math.min(pollMs * 2, MAX_POLL_MS);
  }
}
