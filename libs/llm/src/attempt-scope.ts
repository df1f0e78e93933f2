/**
 * One attempt at one deployment: its own AbortController linked to the caller's signal, its timer
 * (the total one until a stream answers, then the stream's silence timer), the deployment's HTTP
 * stack (whose agent applies the connect timeout, see connect-timeout-fetch.ts), and what the
 * response said (first byte time, headers for Retry-After). SDK clients are long-lived and share
 * `attemptFetch`, which finds the current attempt through AsyncLocalStorage; `runInAttempt` sets it
 * around the calls that fetch.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FetchLike } from './provider-adapter.ts';

export interface AttemptScope {
  readonly signal: AbortSignal;
  /** The deployment's fetch: undici with its connect timeout. */
  readonly fetch: FetchLike;
  /** Which timer fired, if one did: the total one, or a stream's silence timer. */
  timedOut(): 'total' | 'idle' | undefined;
  /**
   * A stream answered: the total timer stops and a silence timer starts, restarted by each
   * `heard()`, so a long answer is never cut off while one that goes silent for `idleMs` is.
   */
  streaming(idleMs: number): void;
  /** A stream's chunk arrived (on every token's path: one timer restart). */
  heard(): void;
  callerAborted(): boolean;
  /** ms from the attempt's start to the response's first byte (undefined before it). */
  firstByteMs(): number | undefined;
  /** The last response's headers (for Retry-After), if a response arrived. */
  lastHeaders(): Headers | undefined;
  /** Called by `attemptFetch` when response headers arrive. */
  responded(headers: Headers): void;
  /** The attempt completed: stop the timers (the response was read to its end). */
  finish(): void;
  /** Unless finished: the attempt is abandoned, stop the timers and abort the HTTP request. */
  dispose(): void;
}

const currentAttempt = new AsyncLocalStorage<AttemptScope>();

/** Runs `work` (and everything it fetches) as part of `scope`. */
export function runInAttempt<T>(scope: AttemptScope, work: () => T): T {
  return currentAttempt.run(scope, work);
}

/**
 * A plain signal that aborts with whichever of the attempt's and the SDK's own signals aborts
 * first. Plain rather than `AbortSignal.any`: fetch reads `aborted` on every body chunk, and a
 * composite signal recomputes it each time.
 */
function linkedSignal(attempt: AbortSignal, sdk: AbortSignal | null | undefined): AbortSignal {
  if (sdk === null || sdk === undefined) return attempt;
  const controller = new AbortController();
  const abortWith = (source: AbortSignal) => () => controller.abort(source.reason);
  if (attempt.aborted) abortWith(attempt)();
  else if (sdk.aborted) abortWith(sdk)();
  else {
    // both signals live no longer than this attempt's request, and a second abort does nothing:
    // the listener left on the other signal needs no removal (that would cost every request)
    attempt.addEventListener('abort', abortWith(attempt), { once: true });
    sdk.addEventListener('abort', abortWith(sdk), { once: true });
  }
  return controller.signal;
}

/**
 * The fetch every SDK client is given: the attempt's deployment fetch under the attempt's signal
 * (caller cancellation and the timers), reporting the response to the attempt. SDKs get no
 * signal of their own from us, so this is where an attempt's abort reaches the HTTP request.
 */
export const attemptFetch: FetchLike = async (input, init) => {
  const scope = currentAttempt.getStore();
  if (scope === undefined) return fetch(input, init);
  const response = await scope.fetch(input, {
    ...init,
    signal: linkedSignal(scope.signal, init?.signal),
  });
  scope.responded(response.headers);
  return response;
};

export function openAttemptScope(
  totalMs: number,
  deploymentFetch: FetchLike,
  callerSignal: AbortSignal | undefined,
  now: () => number,
): AttemptScope {
  const controller = new AbortController();
  const startedAt = now();
  let fired: 'total' | 'idle' | undefined;
  let firstByteAt: number | undefined;
  let headers: Headers | undefined;
  // one timer at a time: the total one until a stream answers, then the stream's silence timer
  const expire = (which: 'total' | 'idle', reason: string) => () => {
    timer = undefined; // a chunk read after the abort must not start it again
    fired = which;
    controller.abort(new Error(reason));
  };
  let timer: NodeJS.Timeout | undefined = setTimeout(
    expire('total', 'no complete reply in time'),
    totalMs,
  );
  let silenceTimed = false;
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  let finished = false;
  const finish = () => {
    finished = true;
    clearTimeout(timer);
    timer = undefined;
    callerSignal?.removeEventListener('abort', onCallerAbort);
  };
  return {
    signal: controller.signal,
    fetch: deploymentFetch,
    timedOut: () => fired,
    callerAborted: () => callerSignal?.aborted === true,
    streaming(idleMs) {
      if (finished || controller.signal.aborted) return;
      clearTimeout(timer);
      timer = setTimeout(expire('idle', `the stream went silent for ${idleMs} ms`), idleMs);
      silenceTimed = true;
    },
    heard() {
      // only the silence timer restarts: the total one bounds a stream's wait for its first token
      if (silenceTimed) timer?.refresh();
    },
    firstByteMs: () => (firstByteAt === undefined ? undefined : firstByteAt - startedAt),
    lastHeaders: () => headers,
    responded(responseHeaders) {
      firstByteAt ??= now();
      headers = responseHeaders;
    },
    finish,
    dispose() {
      // a finished attempt read its response to the end: there is nothing left to abort
      if (finished) return;
      finish();
      if (!controller.signal.aborted)
        controller.abort(new DOMException('attempt abandoned', 'AbortError'));
    },
  };
}
