/**
 * Expected LLM failures as one typed error with a stable `code` and the provider's own message,
 * so callers branch on the code and show the message; configuration problems get their own type.
 */
import type { ProviderName } from './llm-result.ts';

export const LLM_ERROR_CODES = [
  'auth',
  'rate_limit',
  'context_too_long',
  'content_filter',
  'unavailable',
  'timeout',
  'cancelled',
  'invalid_request',
] as const;
export type LlmErrorCode = (typeof LLM_ERROR_CODES)[number];

export interface LlmErrorDetails {
  readonly provider?: ProviderName;
  readonly deployment?: string;
  readonly status?: number;
  /** Worth another attempt at the same deployment (429, 5xx, connection failure, timeout). */
  readonly retryable?: boolean;
  /** The server's Retry-After, already parsed and capped. */
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
}

export class LlmError extends Error {
  readonly code: LlmErrorCode;
  readonly provider: ProviderName | undefined;
  readonly deployment: string | undefined;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(code: LlmErrorCode, message: string, details: LlmErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'LlmError';
    this.code = code;
    this.provider = details.provider;
    this.deployment = details.deployment;
    this.status = details.status;
    this.retryable = details.retryable ?? false;
    this.retryAfterMs = details.retryAfterMs;
  }
}

export function isLlmError(error: unknown): error is LlmError {
  return error instanceof LlmError;
}

/** The LLM configuration is unusable; `problems` names each one and its fix. */
export class LlmConfigError extends Error {
  readonly code = 'config';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`LLM configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'LlmConfigError';
    this.problems = problems;
  }
}
