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

export interface ReportedUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
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

export interface ProviderAdapter {
  readonly provider: ProviderName;
  complete(call: ProviderCall): Promise<ProviderReply>;
  stream(call: ProviderCall): AsyncIterable<ProviderChunk>;
}
