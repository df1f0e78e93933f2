/**
 * One attempt at one deployment, JSON or streamed, as the retry policy sees it: it opens an
 * attempt scope (its timers, signal, the deployment's connect-timeout fetch), calls the
 * adapter, and throws a classified LlmError on failure. A streamed attempt succeeds once its
 * first token (or its end) arrived; from then on the caller owns the stream and its scope.
 */
import {
  type AttemptScope,
  attemptFetch,
  openAttemptScope,
  runInAttempt,
} from './attempt-scope.ts';
import { classifyError } from './classify-error.ts';
import { fetchWithConnectTimeout } from './connect-timeout-fetch.ts';
import { streamIdleMsOf } from './llm-config.ts';
import type { LlmError } from './llm-error.ts';
import type { LlmRequest } from './llm-request.ts';
import type {
  ChunkResult,
  ProviderAdapter,
  ProviderChunk,
  ProviderReply,
  ProviderStream,
} from './provider-adapter.ts';
import { withoutKey } from './redact-key.ts';
import type { ResolvedDeployment } from './resolve-llm-config.ts';

export interface DeploymentCall {
  readonly deployment: ResolvedDeployment;
  readonly adapter: ProviderAdapter;
  readonly apiKey: string | undefined;
  readonly keySource: 'platform' | 'tenant';
  readonly request: LlmRequest;
  readonly maxRetryAfterMs: number;
  readonly now: () => number;
}

export interface CompletedAttempt {
  readonly call: DeploymentCall;
  readonly reply: ProviderReply;
  readonly startedAt: number;
  readonly firstByteAt: number;
  readonly endedAt: number;
}

export interface OpenedStream {
  readonly call: DeploymentCall;
  readonly scope: AttemptScope;
  readonly stream: ProviderStream;
  /** The first chunk: a delta, or the end of an empty reply. */
  readonly first: ProviderChunk;
  readonly startedAt: number;
  readonly firstChunkAt: number;
  /** Settles once, when the stream ends: resolved if it completed or was left, else its error. */
  readonly settled: Promise<void>;
  /** Settles `settled`; later calls do nothing. */
  settle(failure?: LlmError): void;
}

function beginAttempt(call: DeploymentCall) {
  const { connectMs, totalMs } = call.deployment.timeouts;
  const scope = openAttemptScope(
    totalMs,
    fetchWithConnectTimeout(connectMs),
    call.request.signal,
    call.now,
  );
  const providerCall = {
    request: call.request,
    model: call.deployment.model,
    baseUrl: call.deployment.baseUrl,
    apiKey: call.apiKey,
    keySource: call.keySource,
    signal: scope.signal,
    fetch: attemptFetch,
  };
  return { scope, providerCall, startedAt: call.now() };
}

/** Classifies a failure of this attempt (the scope knows about timers and caller aborts). */
export function classifyAttemptError(
  error: unknown,
  call: DeploymentCall,
  scope: AttemptScope | undefined,
) {
  const classified = classifyError(error, {
    provider: call.deployment.provider,
    deployment: call.deployment.name,
    scope,
    maxRetryAfterMs: call.maxRetryAfterMs,
    timeouts: call.deployment.timeouts,
  });
  return withoutKey(classified, call.apiKey);
}

export async function completeOnce(call: DeploymentCall): Promise<CompletedAttempt> {
  const { scope, providerCall, startedAt } = beginAttempt(call);
  try {
    const reply = await runInAttempt(scope, () => call.adapter.complete(providerCall));
    const endedAt = call.now();
    scope.finish();
    return {
      call,
      reply,
      startedAt,
      firstByteAt: startedAt + (scope.firstByteMs() ?? endedAt - startedAt),
      endedAt,
    };
  } catch (error) {
    throw classifyAttemptError(error, call, scope);
  } finally {
    scope.dispose();
  }
}

const asIs = (result: ChunkResult) => result;
const rethrow = (error: unknown): never => {
  throw error;
};

export async function openStreamOnce(call: DeploymentCall): Promise<OpenedStream> {
  const { scope, providerCall, startedAt } = beginAttempt(call);
  try {
    const stream = call.adapter.stream(providerCall);
    const next = await runInAttempt(scope, () => stream.next(asIs, rethrow));
    const first: ProviderChunk = next.done
      ? { type: 'end', finishReason: 'other', usage: undefined }
      : next.value;
    const firstChunkAt = call.now();
    // from the first token on, only silence ends the stream: a long answer is not cut off
    scope.streaming(streamIdleMsOf(call.deployment.timeouts));
    const { promise: settled, resolve, reject } = Promise.withResolvers<void>();
    let isSettled = false;
    const settle = (failure?: LlmError) => {
      if (isSettled) return;
      isSettled = true;
      if (failure === undefined) resolve();
      else reject(failure);
    };
    // a timer or the caller may end the stream while nobody is reading it
    scope.signal.addEventListener(
      'abort',
      () => settle(classifyAttemptError(scope.signal.reason, call, scope)),
      { once: true },
    );
    return { call, scope, stream, first, startedAt, firstChunkAt, settled, settle };
  } catch (error) {
    scope.dispose();
    throw classifyAttemptError(error, call, scope);
  }
}
