/**
 * A stream that ended without its provider's end marker (finish reason, message_stop, done):
 * the connection dropped or was aborted. Classified as `unavailable` (or `cancelled`/`timeout`
 * when the caller or a timer caused it), never mistaken for a complete reply.
 */
import type { ProviderName } from './llm-result.ts';

export class IncompleteStreamError extends Error {
  constructor(provider: ProviderName) {
    super(`the ${provider} stream ended before its end marker`);
    this.name = 'IncompleteStreamError';
  }
}
