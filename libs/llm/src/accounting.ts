/**
 * Token estimates and cost (LLM-03). Prices are USD per million tokens, so a token costs exactly
 * that many micro-USD: cost is a sum of products, rounded once.
 */
import type { LlmRequest } from './llm-request.ts';

export interface Price {
  readonly inputPerMillionUsd: number;
  readonly outputPerMillionUsd: number;
}

/** The chars/4 rule of thumb, used only when a provider reports no usage. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function estimateInputTokens(request: Pick<LlmRequest, 'system' | 'messages'>): number {
  const chars =
    (request.system ?? '').length + request.messages.reduce((n, m) => n + m.content.length, 0);
  return Math.ceil(chars / 4);
}

export function costMicroUsd(price: Price, inputTokens: number, outputTokens: number): number {
  return Math.round(
    inputTokens * price.inputPerMillionUsd + outputTokens * price.outputPerMillionUsd,
  );
}
