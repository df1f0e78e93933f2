/**
 * Per-deployment resilience, built from cockatiel policies: a retry policy (retryable LlmErrors
 * only, backoff with jitter honouring Retry-After) around a circuit breaker that opens after N
 * consecutive failures and half-opens after a delay. Also keeps the latency EWMA for routing.
 * A stream is judged by the breaker on how it ends, not on its first token: one that fails
 * mid-way counts as a failure of its deployment even though it was not retried.
 */
import {
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  DelegateBackoff,
  handleWhen,
  type IRetryBackoffContext,
  retry,
  wrap,
} from 'cockatiel';
import { backoffDelayMs } from './backoff-delay.ts';
import { nextEwma } from './latency-ewma.ts';
import type { LlmConfig } from './llm-config.ts';
import { isLlmError } from './llm-error.ts';

export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

export interface DeploymentHealthSnapshot {
  readonly breaker: BreakerState;
  readonly latencyEwmaMs: number | undefined;
}

/** An opened stream as the breaker sees it: `settled` settles once, when the stream ends. */
export interface SettlingStream {
  /** Resolves when the stream ended or was left by the caller; rejects with its LlmError. */
  readonly settled: Promise<void>;
}

export interface DeploymentHealth {
  /** Runs `attempt` under retry + breaker; `attempt` must throw LlmErrors. */
  run<T>(attempt: () => Promise<T>, signal: AbortSignal | undefined): Promise<T>;
  /**
   * Like `run` for a stream: retried until `open` resolves (first token), while the breaker
   * keeps the attempt in flight until the stream's `settled` settles, and counts how it ended.
   */
  runStream<T extends SettlingStream>(
    open: () => Promise<T>,
    signal: AbortSignal | undefined,
  ): Promise<T>;
  recordLatency(ms: number): void;
  snapshot(): DeploymentHealthSnapshot;
}

const BREAKER_STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

/** Failures that say something about the deployment's health (not about the request). */
function countsAgainstHealth(error: unknown): boolean {
  return isLlmError(error) && ['unavailable', 'timeout', 'rate_limit'].includes(error.code);
}

function retryAfterOf(context: IRetryBackoffContext<unknown>): number | undefined {
  return 'error' in context.result && isLlmError(context.result.error)
    ? context.result.error.retryAfterMs
    : undefined;
}

/**
 * Settles with `work`, or rejects with the abort reason as soon as `signal` aborts: cockatiel's
 * backoff wait does not listen to the signal, so a Retry-After would otherwise hold a cancelled
 * call. The abandoned retry loop wakes later, finds the signal aborted and stops (`guarded`).
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** An attempt that does not start once the caller has cancelled. */
function guarded<T>(attempt: () => Promise<T>, signal: AbortSignal | undefined): () => Promise<T> {
  return async () => {
    signal?.throwIfAborted();
    return attempt();
  };
}

export function createDeploymentHealth(
  settings: Pick<LlmConfig, 'retry' | 'breaker'>,
  random: () => number,
): DeploymentHealth {
  const breaker = circuitBreaker(handleWhen(countsAgainstHealth), {
    halfOpenAfter: settings.breaker.halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(settings.breaker.consecutiveFailures),
  });
  const retryPolicy = retry(
    handleWhen((e) => isLlmError(e) && e.retryable),
    {
      maxAttempts: settings.retry.maxAttempts - 1,
      backoff: new DelegateBackoff((context: IRetryBackoffContext<unknown>) =>
        backoffDelayMs(context.attempt, settings.retry, retryAfterOf(context), random),
      ),
    },
  );
  const policy = wrap(retryPolicy, breaker);
  let latencyEwmaMs: number | undefined;
  const openUnderBreaker = <T extends SettlingStream>(
    open: () => Promise<T>,
    signal: AbortSignal,
  ): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      // before `resolve`, a rejection is the attempt's failure (or an open circuit); after it,
      // the stream's own error has already reached the caller and `reject` is a no-op
      breaker
        .execute(async () => {
          const opened = await open();
          resolve(opened);
          await opened.settled;
        }, signal)
        .catch(reject);
    });
  return {
    run: (attempt, signal) =>
      untilAborted(policy.execute(guarded(attempt, signal), signal), signal),
    runStream: (open, signal) =>
      untilAborted(
        retryPolicy.execute(
          ({ signal: attemptSignal }) => openUnderBreaker(guarded(open, signal), attemptSignal),
          signal,
        ),
        signal,
      ),
    recordLatency(ms) {
      latencyEwmaMs = nextEwma(latencyEwmaMs, ms);
    },
    snapshot: () => ({ breaker: BREAKER_STATES[breaker.state], latencyEwmaMs }),
  };
}

/** Healthy = the breaker lets calls through (closed or probing). */
export function isHealthy(snapshot: DeploymentHealthSnapshot): boolean {
  return snapshot.breaker === 'closed' || snapshot.breaker === 'half-open';
}
