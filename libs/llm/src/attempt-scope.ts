/**
 * One attempt at one deployment: its own AbortController linked to the caller's signal, the
 * connect (first byte) and total timers, and what the response said (first byte time, headers
 * for Retry-After). SDK clients are long-lived and share `attemptFetch`, which finds the current
 * attempt through AsyncLocalStorage; `runInAttempt` sets it around the calls that fetch.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FetchLike } from './provider-adapter.ts';

export interface AttemptTimeouts {
  readonly connectMs: number;
  readonly totalMs: number;
}

export interface AttemptScope {
  readonly signal: AbortSignal;
  /** Which timer fired, if any. */
  timedOut(): 'connect' | 'total' | undefined;
  callerAborted(): boolean;
  /** ms from the attempt's start to the response's first byte (undefined before it). */
  firstByteMs(): number | undefined;
  /** The last response's headers (for Retry-After), if a response arrived. */
  lastHeaders(): Headers | undefined;
  /** Called by `attemptFetch` when response headers arrive: stops the connect timer. */
  responded(headers: Headers): void;
  /** The attempt completed: stop the timers (the response was read to its end). */
  finish(): void;
  /** The attempt is abandoned: stop the timers and abort the HTTP request if still open. */
  dispose(): void;
}

const currentAttempt = new AsyncLocalStorage<AttemptScope>();

/** Runs `work` (and everything it fetches) as part of `scope`. */
export function runInAttempt<T>(scope: AttemptScope, work: () => T): T {
  return currentAttempt.run(scope, work);
}

/** The fetch every SDK client is given: plain fetch, reporting the response to the current attempt. */
export const attemptFetch: FetchLike = async (input, init) => {
  const scope = currentAttempt.getStore();
  const response = await fetch(input, init);
  scope?.responded(response.headers);
  return response;
};

export function openAttemptScope(
  timeouts: AttemptTimeouts,
  callerSignal: AbortSignal | undefined,
  now: () => number,
): AttemptScope {
  const controller = new AbortController();
  const startedAt = now();
  let fired: 'connect' | 'total' | undefined;
  let firstByteAt: number | undefined;
  let headers: Headers | undefined;
  const fire = (which: 'connect' | 'total') => () => {
    fired ??= which;
    controller.abort(
      new Error(`no ${which === 'connect' ? 'first byte' : 'complete reply'} in time`),
    );
  };
  const connectTimer = setTimeout(fire('connect'), timeouts.connectMs);
  const totalTimer = setTimeout(fire('total'), timeouts.totalMs);
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  const finish = () => {
    clearTimeout(connectTimer);
    clearTimeout(totalTimer);
    callerSignal?.removeEventListener('abort', onCallerAbort);
  };
  return {
    signal: controller.signal,
    timedOut: () => fired,
    callerAborted: () => callerSignal?.aborted === true,
    firstByteMs: () => (firstByteAt === undefined ? undefined : firstByteAt - startedAt),
    lastHeaders: () => headers,
    responded(responseHeaders) {
      firstByteAt ??= now();
      clearTimeout(connectTimer);
      headers = responseHeaders;
    },
    finish,
    dispose() {
      finish();
      if (!controller.signal.aborted) controller.abort(new Error('attempt abandoned'));
    },
  };
}
