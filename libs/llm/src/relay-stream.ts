/**
 * Hands an opened stream to the caller: the first chunk, then the rest, then one `done` with the
 * accounted result. Failures here come after the first token, so they are classified and thrown
 * to the caller (no retry, no fallback). Leaving early (`return`, i.e. `break`) closes the HTTP
 * request. A plain iterator rather than a generator: it sits on every token's path.
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
  const { call, scope, iterator } = opened;
  let text = '';
  let pending: ProviderChunk | undefined = opened.first;
  let closed = false;

  const close = async (abandoned: boolean) => {
    closed = true;
    // read to its end: nothing to abort; left early: close the HTTP request
    if (abandoned) scope.dispose();
    else scope.finish();
    await iterator.return?.();
  };

  const pull = async (): Promise<ProviderChunk | undefined> => {
    try {
      const next = await iterator.next();
      // a caller who aborted gets `cancelled`, even if the rest was already buffered
      call.request.signal?.throwIfAborted();
      return next.done ? undefined : next.value;
    } catch (error) {
      closed = true;
      scope.dispose();
      throw classifyAttemptError(error, call, scope);
    }
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

  return {
    async next() {
      if (closed) return FINISHED;
      const chunk = pending ?? (await pull());
      pending = undefined;
      if (chunk?.type === 'delta') {
        text += chunk.text;
        return { done: false, value: { type: 'delta', text: chunk.text } };
      }
      await close(false);
      return { done: false, value: done(chunk) };
    },
    async return() {
      if (!closed) await close(true);
      return FINISHED;
    },
  };
}
