/**
 * Keeps an API key out of errors (LLM-04): a provider may echo the key it was sent in its error
 * message. The message is redacted; a cause chain that mentions the key is replaced by its
 * redacted text, so logging the error with its causes never prints the key.
 */
import { LlmError } from './llm-error.ts';

const REDACTED = '[redacted key]';

function mentions(error: unknown, key: string): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e.message.includes(key) || e.stack?.includes(key)) return true;
  }
  return false;
}

function redactedCause(error: unknown, key: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  const cause = new Error(message.replaceAll(key, REDACTED));
  cause.name = error instanceof Error ? error.name : 'Error';
  return cause;
}

/** `error` with every occurrence of `apiKey` removed from its message and causes. */
export function withoutKey(error: LlmError, apiKey: string | undefined): LlmError {
  if (apiKey === undefined || apiKey === '' || !mentions(error, apiKey)) return error;
  return new LlmError(error.code, error.message.replaceAll(apiKey, REDACTED), {
    ...(error.provider === undefined ? {} : { provider: error.provider }),
    ...(error.deployment === undefined ? {} : { deployment: error.deployment }),
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    retryable: error.retryable,
    cause: redactedCause(error.cause, apiKey),
  });
}
