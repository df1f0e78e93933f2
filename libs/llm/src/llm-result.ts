/**
 * The one result shape (LLM-01, LLM-03): the text plus everything accounting needs, and the
 * streaming shape (deltas, then exactly one `done` carrying the same result).
 */

export const PROVIDER_NAMES = ['openai', 'anthropic', 'ollama'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export const MODEL_GROUPS = ['fast', 'quality'] as const;
export type ModelGroupName = (typeof MODEL_GROUPS)[number];

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'other';

export interface LlmUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** True when the provider reported no usage and the counts are chars/4 estimates. */
  readonly estimated: boolean;
}

export interface LlmResult {
  readonly text: string;
  readonly finishReason: FinishReason;
  readonly usage: LlmUsage;
  readonly provider: ProviderName;
  readonly model: string;
  readonly deployment: string;
  /** The group whose deployment answered (differs from the requested one after a group fallback). */
  readonly group: ModelGroupName;
  /** Whose key paid for the call. */
  readonly keySource: 'platform' | 'tenant';
  readonly latencyMs: number;
  /** Time to the first streamed token, or to the response's first byte for a non-streamed call. */
  readonly timeToFirstTokenMs: number;
  readonly costMicroUsd: number;
}

export type LlmStreamEvent =
  | { readonly type: 'delta'; readonly text: string }
  | { readonly type: 'done'; readonly result: LlmResult };
