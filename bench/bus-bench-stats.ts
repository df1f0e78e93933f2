/** Timing and summary helpers of the bus benchmark. */

export interface BusBenchRun {
  readonly phase: 'publish' | 'consume';
  readonly impl: 'raw' | 'bus';
  readonly round: number;
  readonly n: number;
  readonly seconds: number;
  readonly perSec: number;
}

export async function timed(
  phase: BusBenchRun['phase'],
  impl: BusBenchRun['impl'],
  round: number,
  n: number,
  work: () => Promise<void>,
): Promise<BusBenchRun> {
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  return { phase, impl, round, n, seconds, perSec: Math.round(n / seconds) };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  if (sorted.length % 2 === 1) return sorted[middle] ?? Number.NaN;
  return ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export function medianRate(
  runs: readonly BusBenchRun[],
  phase: BusBenchRun['phase'],
  impl: BusBenchRun['impl'],
): number {
  return Math.round(
    median(runs.filter((r) => r.phase === phase && r.impl === impl).map((r) => r.perSec)),
  );
}
