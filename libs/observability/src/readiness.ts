/**
 * Runs a service's readiness probes (NATS connected, Postgres answering, Redis answering…) all
 * at once, each bounded by a timeout and handed an AbortSignal that fires at it, and reports
 * every check by name: `ok`, or the failure's message. A probe that hangs cannot hang the report.
 */

/** Resolves when the dependency is usable; rejects (or outlives the timeout) when it is not. */
export type ReadinessProbe = (signal: AbortSignal) => Promise<void>;

export interface ReadinessReport {
  readonly ready: boolean;
  /** Probe name → `ok` or the reason it failed. */
  readonly checks: Readonly<Record<string, string>>;
}

export const DEFAULT_PROBE_TIMEOUT_MS = 2_000;

export async function checkReadiness(
  probes: Readonly<Record<string, ReadinessProbe>>,
  timeoutMs = DEFAULT_PROBE_TIMEOUT_MS,
): Promise<ReadinessReport> {
  const results = await Promise.all(
    Object.entries(probes).map(async ([name, probe]) => ({
      name,
      failure: await runProbe(probe, timeoutMs),
    })),
  );
  const checks: Record<string, string> = {};
  for (const { name, failure } of results) checks[name] = failure ?? 'ok';
  return { ready: results.every(({ failure }) => failure === undefined), checks };
}

/** `undefined` when the probe passed in time, else why it did not. */
async function runProbe(probe: ReadinessProbe, timeoutMs: number): Promise<string | undefined> {
  const controller = new AbortController();
  const reason = `timed out after ${timeoutMs} ms`;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<string>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(reason));
      resolve(reason);
    }, timeoutMs);
  });
  const probed = Promise.resolve()
    .then(() => probe(controller.signal))
    .then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error.message : String(error)) || 'failed',
    );
  try {
    return await Promise.race([probed, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
