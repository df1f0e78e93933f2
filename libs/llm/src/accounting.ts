/**
 * Token estimates and cost (LLM-03). Prices are USD per million tokens, so a token costs exactly
 * that many micro-USD: cost is a sum of integer products, rounded once.
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

/** A price in millionths of a USD per million tokens (= pico-USD per token): an integer. */
function picoUsdPerToken(perMillionUsd: number): number {
  return Math.round(perMillionUsd * 1_000_000);
}

/**
 * Whole micro-USD, half rounded up, computed on integers so floating point cannot tip a
 * half-way cost down (0.575 × 100 is 57.4999… in doubles). Prices count to 6 decimals.
 */
export function costMicroUsd(price: Price, inputTokens: number, outputTokens: number): number {
  const picoUsd =
    inputTokens * picoUsdPerToken(price.inputPerMillionUsd) +
    outputTokens * picoUsdPerToken(price.outputPerMillionUsd);
  return Math.floor((picoUsd + 500_000) / 1_000_000);
}
