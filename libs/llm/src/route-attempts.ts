/**
 * The pool's routing loop, shared by JSON and streamed calls: walk the planned deployments in
 * order (group, then its fallback groups), run each under its retry + breaker policy, and move on
 * after a failure unless the failure says moving on is pointless (cancelled, a bad request, a
 * content filter). When all fail, the error names every deployment's failure.
 */
import { classifyError } from './classify-error.ts';
import type { DeploymentHealth } from './deployment-health.ts';
import { LlmError } from './llm-error.ts';
import type { LlmRequest } from './llm-request.ts';
import type { ModelGroupName } from './llm-result.ts';
import type { ResolvedDeployment } from './resolve-llm-config.ts';

export interface RoutedTarget {
  readonly deployment: ResolvedDeployment;
  readonly group: ModelGroupName;
  readonly health: DeploymentHealth;
}

const NO_FALLBACK = new Set(['cancelled', 'invalid_request', 'content_filter']);

export function canFallBack(error: LlmError): boolean {
  return !NO_FALLBACK.has(error.code);
}

function cancelled(target: RoutedTarget, cause: unknown): LlmError {
  return new LlmError('cancelled', `${target.deployment.name}: cancelled by the caller`, {
    provider: target.deployment.provider,
    deployment: target.deployment.name,
    cause,
  });
}

function exhausted(failures: readonly LlmError[]): LlmError {
  const last = failures.at(-1);
  if (last === undefined)
    return new LlmError('unavailable', 'no deployment is configured for this group');
  const summary = failures.map((f) => f.message).join('; ');
  return new LlmError(last.code, `every deployment failed: ${summary}`, {
    ...(last.provider === undefined ? {} : { provider: last.provider }),
    ...(last.deployment === undefined ? {} : { deployment: last.deployment }),
    ...(last.status === undefined ? {} : { status: last.status }),
    cause: last,
  });
}

/**
 * Runs `attempt` on each target in turn until one succeeds; `attempt` runs the call under the
 * target's retry and breaker policy (`health.run` or `health.runStream`).
 */
export async function firstSuccessful<T>(
  targets: readonly RoutedTarget[],
  request: LlmRequest,
  maxRetryAfterMs: number,
  attempt: (target: RoutedTarget) => Promise<T>,
): Promise<{ value: T; target: RoutedTarget }> {
  const failures: LlmError[] = [];
  for (const target of targets) {
    try {
      const value = await attempt(target);
      return { value, target };
    } catch (error) {
      if (request.signal?.aborted) throw cancelled(target, error);
      const failure = classifyError(error, {
        provider: target.deployment.provider,
        deployment: target.deployment.name,
        scope: undefined,
        maxRetryAfterMs,
        timeouts: target.deployment.timeouts,
      });
      if (!canFallBack(failure)) throw failure;
      failures.push(failure);
    }
  }
  throw exhausted(failures);
}
