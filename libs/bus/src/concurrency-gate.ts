/**
 * Explicit back-pressure for the consumer runner: at most `limit` holders at once. The runner
 * takes a slot before it takes the next message, so a slow handler slows pulling instead of
 * growing a queue. Tracks the peak, so tests and metrics can prove the bound held.
 */

export interface ConcurrencyGate {
  readonly limit: number;
  readonly active: number;
  /** The highest `active` ever seen. */
  readonly peak: number;
  /** Takes a slot if one is free right now. */
  tryAcquire(): boolean;
  /** Waits for a slot; resolves false (without a slot) if `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<boolean>;
  release(): void;
  /** Resolves when no slot is held. */
  idle(): Promise<void>;
}

export function createConcurrencyGate(limit: number): ConcurrencyGate {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  }
  let active = 0;
  let peak = 0;
  const waiters: Array<(granted: boolean) => void> = [];
  const idleWaiters: Array<() => void> = [];

  function take(): void {
    active++;
    if (active > peak) peak = active;
  }

  return {
    limit,
    get active() {
      return active;
    },
    get peak() {
      return peak;
    },
    tryAcquire() {
      if (active >= limit) return false;
      take();
      return true;
    },
    acquire(signal) {
      if (active < limit) {
        take();
        return Promise.resolve(true);
      }
      if (signal.aborted) return Promise.resolve(false);
      return new Promise<boolean>((resolve) => {
        const onAbort = () => {
          const index = waiters.indexOf(grant);
          if (index >= 0) waiters.splice(index, 1);
          resolve(false);
        };
        const grant = (granted: boolean) => {
          signal.removeEventListener('abort', onAbort);
          resolve(granted);
        };
        waiters.push(grant);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
    release() {
      const next = waiters.shift();
      if (next !== undefined) {
        // The slot passes straight to the next waiter: `active` stays the same.
        next(true);
        return;
      }
      active = Math.max(0, active - 1);
      if (active === 0) for (const wake of idleWaiters.splice(0)) wake();
    },
    idle() {
      if (active === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}
