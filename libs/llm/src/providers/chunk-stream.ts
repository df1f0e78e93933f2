/**
 * Turns an SDK's stream of provider events into our chunks with one `then` per provider event
 * and no generator or async function (this sits on every token's path): a reader pulls the text
 * out of each event and remembers finish reason and usage; when the source ends, the reader
 * either produces the end chunk or says the stream never completed.
 */
import type { ChunkResult, ProviderChunk, ProviderStream } from '../provider-adapter.ts';

export type EndChunk = Extract<ProviderChunk, { type: 'end' }>;

export interface StreamReader<S> {
  /** The text this event adds ('' if none), after noting any finish reason or usage in it. */
  read(event: S): string;
  /** The end chunk once the source is exhausted; throws IncompleteStreamError if it did not complete. */
  end(): EndChunk;
}

const FINISHED: IteratorReturnResult<undefined> = { done: true, value: undefined };

export function chunkStream<S>(
  open: () => Promise<AsyncIterable<S>>,
  reader: StreamReader<S>,
): ProviderStream {
  let source: AsyncIterator<S> | undefined;
  /** The source is exhausted (or left): nothing more to read. */
  let finished = false;
  /** The source itself said it is done: closing it again would only abort a finished request. */
  let exhausted = false;
  // the handlers of the one pending `next`, so no closure is made per token
  let onChunk: (result: ChunkResult) => unknown;
  let onError: (error: unknown) => unknown;

  const chunkOf = (result: IteratorResult<S>): ChunkResult | undefined => {
    if (result.done) {
      finished = true;
      exhausted = true;
      return { done: false, value: reader.end() };
    }
    const text = reader.read(result.value);
    return text.length > 0 ? { done: false, value: { type: 'delta', text } } : undefined;
  };
  const fail = (error: unknown) => onError(error);
  // an event without text (a role, a finish reason, usage) pulls the next one at once
  const onEvent = (result: IteratorResult<S>): unknown => {
    let chunk: ChunkResult | undefined;
    try {
      chunk = chunkOf(result);
    } catch (error) {
      return onError(error);
    }
    return chunk === undefined ? pull() : onChunk(chunk);
  };
  const pull = (): Promise<unknown> => {
    if (source === undefined) return Promise.reject(new Error('the stream is not open'));
    return source.next().then(onEvent, fail);
  };
  const openThenPull = (opened: AsyncIterable<S>) => {
    source = opened[Symbol.asyncIterator]();
    return pull();
  };

  return {
    next<R>(
      chunkHandler: (result: ChunkResult) => R | PromiseLike<R>,
      errorHandler: (error: unknown) => R | PromiseLike<R>,
    ): Promise<R> {
      onChunk = chunkHandler;
      onError = errorHandler;
      const pulled = finished
        ? Promise.resolve(FINISHED).then(chunkHandler)
        : source === undefined
          ? open().then(openThenPull, fail)
          : pull();
      return pulled as Promise<R>;
    },
    async return() {
      finished = true;
      if (!exhausted) await source?.return?.();
    },
  };
}
