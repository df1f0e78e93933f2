/**
 * Per-deployment resilience, built from cockatiel policies: a retry policy (retryable LlmErrors
 * only, backoff with jitter honouring Retry-After) around a circuit breaker that opens after N
 * consecutive failures and half-opens after a delay. Also keeps the latency EWMA for routing.
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

export interface DeploymentHealth {
  /** Runs `attempt` under retry + breaker; `attempt` must throw LlmErrors. */
  run<T>(attempt: () => Promise<T>, signal: AbortSignal | undefined): Promise<T>;
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
  return {
    run: (attempt, signal) => policy.execute(() => attempt(), signal),
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
