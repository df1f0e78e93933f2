/**
 * The shape of one `konstruct doctor` finding: what was checked, whether it is fine, what was
 * seen (versions), and — when it is not fine — exactly what to do.
 */
export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  /** What was observed, e.g. `NATS 2.9.10, JetStream enabled`. */
  readonly detail: string;
  /** The fix, present whenever `ok` is false. */
  readonly fix?: string;
}

export function passed(name: string, detail: string): CheckResult {
  return { name, ok: true, detail };
}

export function failed(name: string, detail: string, fix: string): CheckResult {
  return { name, ok: false, detail, fix };
}

export function errorText(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map(errorText).join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}

/** Runs `probe` with a deadline, so a service that hangs is reported instead of waited on. */
export async function withDeadline<T>(
  probe: () => Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([probe(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
