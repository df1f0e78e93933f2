/**
 * Turns an SDK's stream of provider events into our chunks without a generator per layer (this
 * sits on every token's path): a reader pulls the text out of each event and remembers finish
 * reason and usage; when the source ends, the reader either produces the end chunk or says the
 * stream never completed.
 */
import type { ProviderChunk } from '../provider-adapter.ts';

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
): AsyncIterable<ProviderChunk> {
  return {
    [Symbol.asyncIterator]() {
      let source: AsyncIterator<S> | undefined;
      let finished = false;
      return {
        async next() {
          if (finished) return FINISHED;
          source ??= (await open())[Symbol.asyncIterator]();
          for (;;) {
            const result = await source.next();
            if (result.done) {
              finished = true;
              return { done: false, value: reader.end() };
            }
            const text = reader.read(result.value);
            if (text.length > 0) return { done: false, value: { type: 'delta', text } };
          }
        },
        async return() {
          finished = true;
          await source?.return?.();
          return FINISHED;
        },
      };
    },
  };
}
