/**
 * Hands an opened stream to the caller: the first chunk, then the rest, then one `done` with the
 * accounted result. Failures here come after the first token, so they are classified and thrown
 * to the caller (no retry, no fallback) and settle the stream as failed for the deployment's
 * breaker. Leaving early (`return`, i.e. `break`) closes the HTTP request. A plain iterator
 * rather than a generator: it sits on every token's path.
 */
import { buildResult } from './build-result.ts';
import { classifyAttemptError, type OpenedStream } from './deployment-call.ts';
import type { LlmStreamEvent, ModelGroupName } from './llm-result.ts';
import type { ProviderChunk } from './provider-adapter.ts';

export interface RelayContext {
  readonly group: ModelGroupName;
  readonly callStartedAt: number;
}

const FINISHED: IteratorReturnResult<undefined> = { done: true, value: undefined };

export function relayStream(
  opened: OpenedStream,
  context: RelayContext,
): AsyncIterator<LlmStreamEvent> {
  const { call, scope, stream } = opened;
  let text = '';
  let pending: ProviderChunk | undefined = opened.first;
  let closed = false;

  const close = async (abandoned: boolean) => {
    closed = true;
    opened.settle();
    if (!abandoned) {
      scope.finish();
      await stream.return();
      return;
    }
    // left early: the SDK closes its own request (its abort, which it expects), then the
    // attempt is disposed in case it did not
    try {
      await stream.return();
    } finally {
      scope.dispose();
    }
  };

  const fail = (error: unknown): never => {
    closed = true;
    const failure = classifyAttemptError(error, call, scope);
    opened.settle(failure);
    scope.dispose();
    throw failure;
  };

  const done = (end: ProviderChunk | undefined): LlmStreamEvent => ({
    type: 'done',
    result: buildResult({
      request: call.request,
      deployment: call.deployment,
      group: context.group,
      keySource: call.keySource,
      text,
      finishReason: end?.type === 'end' ? end.finishReason : 'other',
      usage: end?.type === 'end' ? end.usage : undefined,
      callStartedAt: context.callStartedAt,
      firstTokenAt: opened.firstChunkAt,
      endedAt: call.now(),
    }),
  });

  const finish = async (
    end: ProviderChunk | undefined,
  ): Promise<IteratorResult<LlmStreamEvent>> => {
    await close(false);
    return { done: false, value: done(end) };
  };

  /**
   * Per token: runs in the provider stream's own reaction (`ProviderStream.next`), and hands a
   * delta result on as it is (a delta chunk has the delta event's shape), so the relay adds no
   * promise, no allocation and no await of its own.
   */
  const relay = (
    result: IteratorResult<ProviderChunk>,
  ): IteratorResult<LlmStreamEvent> | Promise<IteratorResult<LlmStreamEvent>> => {
    // a caller who aborted gets `cancelled`, even if the rest was already buffered
    if (call.request.signal?.aborted) fail(call.request.signal.reason);
    if (result.done) return finish(undefined);
    scope.heard();
    const chunk = result.value;
    if (chunk.type !== 'delta') return finish(chunk);
    text += chunk.text;
    return result as IteratorYieldResult<typeof chunk>;
  };

  return {
    next() {
      if (closed) return Promise.resolve(FINISHED);
      const first = pending;
      if (first !== undefined) {
        pending = undefined;
        return new Promise((resolve) => resolve(relay({ done: false, value: first })));
      }
      return stream.next(relay, fail);
    },
    async return() {
      if (!closed) await close(true);
      return FINISHED;
    },
  };
}
