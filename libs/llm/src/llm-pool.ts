/**
 * The pool (LLM-01..04): `complete` and `stream` over the configured model groups. Routing,
 * retries and the breaker come from route-attempts.ts and deployment-health.ts; this module wires
 * them to the adapters, tenant keys and accounting. A stream never retries or falls back once
 * its first token has reached the caller: a later failure surfaces as that stream's error.
 */
import { buildResult } from './build-result.ts';
import { completeOnce, type DeploymentCall, openStreamOnce } from './deployment-call.ts';
import {
  createDeploymentHealth,
  type DeploymentHealth,
  type DeploymentHealthSnapshot,
  isHealthy,
} from './deployment-health.ts';
import type { LlmConfig, LlmConfigInput } from './llm-config.ts';
import type { LlmRequest } from './llm-request.ts';
import type { LlmResult, LlmStreamEvent, ModelGroupName, ProviderName } from './llm-result.ts';
import type { ProviderAdapter } from './provider-adapter.ts';
import { anthropicAdapter } from './providers/anthropic-adapter.ts';
import { ollamaAdapter } from './providers/ollama-adapter.ts';
import { openAiAdapter } from './providers/openai-adapter.ts';
import { relayStream } from './relay-stream.ts';
import { type Env, type ResolvedLlmConfig, resolveLlmConfig } from './resolve-llm-config.ts';
import { firstSuccessful, type RoutedTarget } from './route-attempts.ts';
import { orderCandidates, planGroups } from './route-order.ts';
import { chooseApiKey, type TenantKeys } from './tenant-keys.ts';

export interface LlmCallOptions {
  readonly group: ModelGroupName;
  readonly tenantId: string;
  /** The tenant's own keys; preferred over the platform key for this call only. */
  readonly tenantKeys?: TenantKeys;
  /** Same as `request.signal`; either cancels the call. */
  readonly signal?: AbortSignal;
}

export interface LlmPoolOptions {
  /** Where platform keys are read from (default: process.env). */
  readonly env?: Env;
  readonly now?: () => number;
  /** Jitter source (default Math.random). */
  readonly random?: () => number;
}

export interface LlmPool {
  complete(request: LlmRequest, options: LlmCallOptions): Promise<LlmResult>;
  stream(request: LlmRequest, options: LlmCallOptions): AsyncIterable<LlmStreamEvent>;
  /** Breaker state and observed latency per deployment. */
  health(): Record<string, DeploymentHealthSnapshot>;
}

interface PoolState {
  readonly config: ResolvedLlmConfig;
  readonly healths: ReadonlyMap<string, DeploymentHealth>;
  readonly now: () => number;
}

const ADAPTERS: Readonly<Record<ProviderName, ProviderAdapter>> = {
  openai: openAiAdapter,
  anthropic: anthropicAdapter,
  ollama: ollamaAdapter,
};

/** Validates `config` against `options.env` (throws LlmConfigError) and builds the pool. */
export function createLlmPool(
  config: LlmConfigInput | LlmConfig,
  options: LlmPoolOptions = {},
): LlmPool {
  const resolved = resolveLlmConfig(config, options.env ?? process.env);
  const random = options.random ?? Math.random;
  const healths = new Map<string, DeploymentHealth>();
  for (const name of resolved.deployments.keys()) {
    healths.set(name, createDeploymentHealth(resolved, random));
  }
  const state: PoolState = {
    config: resolved,
    healths,
    now: options.now ?? (() => performance.now()),
  };
  return {
    complete: (request, callOptions) => completeCall(state, request, callOptions),
    stream: (request, callOptions) => streamCall(state, request, callOptions),
    health: () => Object.fromEntries([...healths].map(([name, h]) => [name, h.snapshot()])),
  };
}

async function completeCall(
  state: PoolState,
  request: LlmRequest,
  options: LlmCallOptions,
): Promise<LlmResult> {
  const req = withSignal(request, options);
  const callStartedAt = state.now();
  const { value, target } = await firstSuccessful(
    routeTargets(state, options),
    req,
    state.config.retry.maxRetryAfterMs,
    (t) => t.health.run(() => completeOnce(deploymentCall(state, t, req, options)), req.signal),
  );
  target.health.recordLatency(value.firstByteAt - value.startedAt);
  return buildResult({
    request: req,
    deployment: target.deployment,
    group: target.group,
    keySource: value.call.keySource,
    ...value.reply,
    callStartedAt,
    firstTokenAt: value.firstByteAt,
    endedAt: value.endedAt,
  });
}

/**
 * Opens lazily on the first `next()` (routing, retries, fallback), then hands the caller the
 * relay's own iterator: no extra generator layer per token.
 */
function streamCall(
  state: PoolState,
  request: LlmRequest,
  options: LlmCallOptions,
): AsyncIterable<LlmStreamEvent> {
  return {
    [Symbol.asyncIterator]() {
      let relay: AsyncIterator<LlmStreamEvent> | undefined;
      let opening: Promise<AsyncIterator<LlmStreamEvent>> | undefined;
      const open = async () => {
        const req = withSignal(request, options);
        const callStartedAt = state.now();
        const { value: opened, target } = await firstSuccessful(
          routeTargets(state, options),
          req,
          state.config.retry.maxRetryAfterMs,
          (t) =>
            t.health.runStream(
              () => openStreamOnce(deploymentCall(state, t, req, options)),
              req.signal,
            ),
        );
        target.health.recordLatency(opened.firstChunkAt - opened.startedAt);
        relay = relayStream(opened, { group: target.group, callStartedAt });
        return relay;
      };
      return {
        next() {
          if (relay !== undefined) return relay.next();
          opening ??= open();
          return opening.then((opened) => opened.next());
        },
        async return() {
          // a failed open already rejected the caller's next(); there is nothing to close then
          const opened = relay ?? (await opening?.catch(() => undefined));
          return (await opened?.return?.()) ?? { done: true, value: undefined };
        },
      };
    },
  };
}

function withSignal(request: LlmRequest, options: LlmCallOptions): LlmRequest {
  const signals = [request.signal, options.signal].filter((s): s is AbortSignal => s !== undefined);
  const [only] = signals;
  if (only === undefined) return request;
  return { ...request, signal: signals.length === 1 ? only : AbortSignal.any(signals) };
}

/** Per attempt: the tenant key (if any) is decrypted here, lives in this object only. */
function deploymentCall(
  state: PoolState,
  target: RoutedTarget,
  request: LlmRequest,
  options: LlmCallOptions,
): DeploymentCall {
  const { deployment } = target;
  const key = chooseApiKey(
    deployment.provider,
    deployment.platformKey,
    options.tenantId,
    options.tenantKeys,
  );
  return {
    deployment,
    adapter: ADAPTERS[deployment.provider],
    apiKey: key.apiKey,
    keySource: key.keySource,
    request,
    maxRetryAfterMs: state.config.retry.maxRetryAfterMs,
    now: state.now,
  };
}

function routeTargets(state: PoolState, options: LlmCallOptions): RoutedTarget[] {
  const { config, healths } = state;
  const targets: RoutedTarget[] = [];
  for (const step of planGroups(config.groups, options.group, config.tenants[options.tenantId])) {
    const candidates = step.deployments.map((name) => {
      const snapshot = healths.get(name)?.snapshot();
      const healthy = snapshot === undefined || isHealthy(snapshot);
      return { name, healthy, latencyEwmaMs: snapshot?.latencyEwmaMs };
    });
    for (const name of orderCandidates(candidates)) {
      const deployment = config.deployments.get(name);
      const health = healths.get(name);
      if (deployment !== undefined && health !== undefined) {
        targets.push({ deployment, group: step.group, health });
      }
    }
  }
  return targets;
}
