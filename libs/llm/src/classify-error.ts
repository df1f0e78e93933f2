/**
 * Turns whatever an SDK, fetch or our timers threw into an LlmError with a stable code, keeping the
 * provider's message. Order matters: the caller's abort wins (cancelled, never retried), then our
 * own timers (the total one, or a stream's silence: timeout, retryable), then HTTP statuses, then
 * connection failures: undici's connect timeout (unavailable, retryable) and resets, refusals and
 * socket timeouts are retryable, other connection failures (DNS, TLS, URL) are not.
 */
import Anthropic from '@anthropic-ai/sdk';
import { BrokenCircuitError } from 'cockatiel';
import OpenAI from 'openai';
import { z } from 'zod';
import type { AttemptScope } from './attempt-scope.ts';
import { streamIdleMsOf } from './llm-config.ts';
import { LlmError, type LlmErrorCode } from './llm-error.ts';
import type { ProviderName } from './llm-result.ts';
import { parseRetryAfter } from './retry-after.ts';

export interface ClassifyContext {
  readonly provider: ProviderName;
  readonly deployment: string;
  readonly scope: AttemptScope | undefined;
  readonly maxRetryAfterMs: number;
  readonly timeouts: {
    readonly connectMs: number;
    readonly totalMs: number;
    readonly idleMs?: number | undefined;
  };
}

const OllamaResponseError = z.object({ name: z.literal('ResponseError'), status_code: z.number() });
/** Connection failures worth another attempt: refused, reset, or timed out on the way. */
const TRANSIENT_CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const ConnectionCause = z.object({ code: z.string() });
/** undici's ConnectTimeoutError: no TCP connection (or TLS handshake) within `connectMs`. */
const CONNECT_TIMEOUT_CODE = 'UND_ERR_CONNECT_TIMEOUT';

const CONTEXT_PATTERN = /context|too long|too many tokens|maximum.*tokens|token limit/i;
const FILTER_PATTERN = /content.?filter|content.?policy|safety|moderation/i;

export function codeForStatus(status: number, message: string): LlmErrorCode {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  // 408: the server timed the request out, as transient as a 5xx (the official SDKs retry it too)
  if (status === 408 || status >= 500) return 'unavailable';
  if (status === 413 || (status === 400 && CONTEXT_PATTERN.test(message)))
    return 'context_too_long';
  if (status === 400 && FILTER_PATTERN.test(message)) return 'content_filter';
  return 'invalid_request';
}

/** Anthropic reports some failures in-band in a 200 stream (`event: error`): the status it means. */
const ANTHROPIC_ERROR_STATUS: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
};

function statusOf(error: unknown): number | undefined {
  if (error instanceof Anthropic.APIError && error.status === undefined) {
    return error.type === null ? undefined : ANTHROPIC_ERROR_STATUS[error.type];
  }
  if (error instanceof OpenAI.APIError || error instanceof Anthropic.APIError) return error.status;
  const ollama = OllamaResponseError.safeParse(error);
  return ollama.success ? ollama.data.status_code : undefined;
}

/** The errors an SDK wraps fetch's error in, and fetch the socket's, outermost first. */
function causeChain(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let e: unknown = error; e instanceof Error && chain.length < 5; e = e.cause) chain.push(e);
  return chain;
}

function hasCauseCode(error: unknown, code: string): boolean {
  return causeChain(error).some((e) => ConnectionCause.safeParse(e).data?.code === code);
}

/**
 * A connection reset, refused or timed out (an SDK wraps fetch's error, which wraps the socket's);
 * undici's `terminated` is a body cut off mid-way. DNS, TLS and URL failures will not go away.
 */
function isTransientConnectionFailure(error: unknown): boolean {
  return causeChain(error).some((e) => {
    const cause = ConnectionCause.safeParse(e);
    return (
      (cause.success && TRANSIENT_CONNECTION_CODES.has(cause.data.code)) ||
      e.message === 'terminated'
    );
  });
}

function isConnectionFailure(error: unknown): boolean {
  if (error instanceof OpenAI.APIConnectionError || error instanceof Anthropic.APIConnectionError) {
    return true;
  }
  return error instanceof Error && error.message === 'fetch failed';
}

/** The error's message, with its innermost cause's when an SDK's wrapper says little. */
function connectionMessageOf(error: unknown): string {
  const root = causeChain(error).at(-1) ?? error;
  const outer = messageOf(error);
  const inner = messageOf(root);
  return root === error || outer.includes(inner) ? outer : `${outer} (${inner})`;
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
    const what =
      timer === 'total'
        ? `no complete reply within ${context.timeouts.totalMs} ms`
        : `the stream went silent for ${streamIdleMsOf(context.timeouts)} ms`;
    return new LlmError('timeout', `${where}: ${what}`, { ...base, retryable: true });
  }
  if (error instanceof BrokenCircuitError) {
    return new LlmError('unavailable', `${where}: circuit open after repeated failures`, base);
  }
  const status = statusOf(error);
  if (status !== undefined) return fromStatus(status, error, context, base);
  if (hasCauseCode(error, CONNECT_TIMEOUT_CODE)) {
    const { connectMs } = context.timeouts;
    const message = `${where}: no connection within ${connectMs} ms (connect timeout)`;
    return new LlmError('unavailable', message, { ...base, retryable: true });
  }
  if (isTransientConnectionFailure(error) || isConnectionFailure(error)) {
    return new LlmError('unavailable', `${where}: ${connectionMessageOf(error)}`, {
      ...base,
      retryable: isTransientConnectionFailure(error),
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
