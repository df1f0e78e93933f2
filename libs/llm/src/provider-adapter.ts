/**
 * What the pool needs from a provider: one JSON call and one streamed call, both in our shape.
 * Adapters only translate; retries, timeouts, fallback and accounting live in the pool.
 */
import type { LlmRequest } from './llm-request.ts';
import type { FinishReason, ProviderName } from './llm-result.ts';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface ProviderCall {
  readonly request: LlmRequest;
  readonly model: string;
  readonly baseUrl: string | undefined;
  readonly apiKey: string | undefined;
  /** A platform key may be kept in a reused client; a tenant key never outlives the call. */
  readonly keySource: 'platform' | 'tenant';
  /** The attempt's signal: caller cancellation and our timeouts (already applied by `fetch`). */
  readonly signal: AbortSignal;
  /**
   * SDK clients must make their requests with it: it applies the attempt's signal to the request
   * and reports the response to the attempt (first byte, Retry-After).
   */
  readonly fetch: FetchLike;
}

/** The counts a provider reported; a count it left out is estimated (and marked so) later. */
export interface ReportedUsage {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
}

export interface ProviderReply {
  readonly text: string;
  readonly finishReason: FinishReason;
  /** Undefined when the provider reported none. */
  readonly usage: ReportedUsage | undefined;
}

export type ProviderChunk =
  | { readonly type: 'delta'; readonly text: string }
  | {
      readonly type: 'end';
      readonly finishReason: FinishReason;
      readonly usage: ReportedUsage | undefined;
    };

export type ChunkResult = IteratorResult<ProviderChunk, undefined>;

/**
 * A provider's stream, opened on the first `next` and read one chunk at a time. `next` hands the
 * next chunk (`done` once the end chunk was read) to `onChunk`, or the failure to `onError`, in
 * the same reaction as the provider's event: whoever maps chunks onwards (the pool's relay)
 * adds no promise of its own per token. One `next` at a time.
 */
export interface ProviderStream {
  next<R>(
    onChunk: (result: ChunkResult) => R | PromiseLike<R>,
    onError: (error: unknown) => R | PromiseLike<R>,
  ): Promise<R>;
  /** Stops reading and closes the HTTP request. */
  return(): Promise<void>;
}

export interface ProviderAdapter {
  readonly provider: ProviderName;
  complete(call: ProviderCall): Promise<ProviderReply>;
  stream(call: ProviderCall): ProviderStream;
}
