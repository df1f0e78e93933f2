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
  /**
   * Every input token the provider counted: for Anthropic, `input_tokens` plus the prompt-cache
   * tokens written (`cache_creation_input_tokens`) and read (`cache_read_input_tokens`), which
   * Anthropic reports apart and which are input too (priced at the input price here).
   */
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** True when the provider left out a count and it is a chars/4 estimate (the other is kept). */
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
