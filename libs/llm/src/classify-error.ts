/**
 * Turns whatever an SDK, fetch or our timers threw into an LlmError with a stable code, keeping
 * the provider's message. Order matters: the caller's abort wins (cancelled, never retried), then
 * our own timers (timeout, retryable), then HTTP statuses, then connection failures.
 */
import Anthropic from '@anthropic-ai/sdk';
import { BrokenCircuitError } from 'cockatiel';
import OpenAI from 'openai';
import { z } from 'zod';
import type { AttemptScope } from './attempt-scope.ts';
import { LlmError, type LlmErrorCode } from './llm-error.ts';
import type { ProviderName } from './llm-result.ts';
import { parseRetryAfter } from './retry-after.ts';

export interface ClassifyContext {
  readonly provider: ProviderName;
  readonly deployment: string;
  readonly scope: AttemptScope | undefined;
  readonly maxRetryAfterMs: number;
  readonly timeouts: { readonly connectMs: number; readonly totalMs: number };
}

const OllamaResponseError = z.object({ name: z.literal('ResponseError'), status_code: z.number() });
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
]);
const ConnectionCause = z.object({ code: z.string() });

const CONTEXT_PATTERN = /context|too long|too many tokens|maximum.*tokens|token limit/i;
const FILTER_PATTERN = /content.?filter|content.?policy|safety|moderation/i;

export function codeForStatus(status: number, message: string): LlmErrorCode {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status === 408 || status >= 500) return 'unavailable';
  if (status === 413 || (status === 400 && CONTEXT_PATTERN.test(message)))
    return 'context_too_long';
  if (status === 400 && FILTER_PATTERN.test(message)) return 'content_filter';
  return 'invalid_request';
}

function statusOf(error: unknown): number | undefined {
  if (error instanceof OpenAI.APIError || error instanceof Anthropic.APIError) return error.status;
  const ollama = OllamaResponseError.safeParse(error);
  return ollama.success ? ollama.data.status_code : undefined;
}

function isConnectionFailure(error: unknown): boolean {
  if (error instanceof OpenAI.APIConnectionError || error instanceof Anthropic.APIConnectionError) {
    return true;
  }
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const cause = ConnectionCause.safeParse(e);
    if (cause.success && CONNECTION_CODES.has(cause.data.code)) return true;
    if (e.message === 'fetch failed' || e.message === 'terminated') return true;
  }
  return false;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function classifyError(error: unknown, context: ClassifyContext): LlmError {
  if (error instanceof LlmError) return error;
  const base = { provider: context.provider, deployment: context.deployment, cause: error };
  const where = `${context.deployment} (${context.provider})`;
  if (context.scope?.callerAborted())
    return new LlmError('cancelled', `${where}: cancelled by the caller`, base);
  const timer = context.scope?.timedOut();
  if (timer !== undefined) {
    const ms = timer === 'connect' ? context.timeouts.connectMs : context.timeouts.totalMs;
    const what = timer === 'connect' ? 'first byte' : 'complete reply';
    return new LlmError('timeout', `${where}: no ${what} within ${ms} ms`, {
      ...base,
      retryable: true,
    });
  }
  if (error instanceof BrokenCircuitError) {
    return new LlmError('unavailable', `${where}: circuit open after repeated failures`, base);
  }
  const status = statusOf(error);
  if (status !== undefined) return fromStatus(status, error, context, base);
  if (isConnectionFailure(error)) {
    return new LlmError('unavailable', `${where}: ${messageOf(error)}`, {
      ...base,
      retryable: true,
    });
  }
  return new LlmError('unavailable', `${where}: ${messageOf(error)}`, base);
}

function fromStatus(
  status: number,
  error: unknown,
  context: ClassifyContext,
  base: { provider: ProviderName; deployment: string; cause: unknown },
): LlmError {
  const message = messageOf(error);
  const code = codeForStatus(status, message);
  const retryable = code === 'rate_limit' || code === 'unavailable';
  const headers = context.scope?.lastHeaders();
  const retryAfterMs =
    headers === undefined ? undefined : parseRetryAfter(headers, context.maxRetryAfterMs);
  return new LlmError(code, `${context.deployment} (${context.provider}): ${message}`, {
    ...base,
    status,
    retryable,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}
