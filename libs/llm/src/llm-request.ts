/**
 * The one request shape every provider is called with (LLM-01). Provider specifics (Anthropic's
 * separate system field, Ollama's options) are mapped at the adapter edge, never here.
 */

export type LlmRole = 'user' | 'assistant';

export interface LlmMessage {
  readonly role: LlmRole;
  readonly content: string;
}

export interface LlmRequest {
  readonly system?: string;
  readonly messages: readonly LlmMessage[];
  readonly maxTokens: number;
  readonly temperature?: number;
  readonly stop?: readonly string[];
  /** Cancels the call: the HTTP request is aborted and the call fails with `cancelled`. */
  readonly signal?: AbortSignal;
}
