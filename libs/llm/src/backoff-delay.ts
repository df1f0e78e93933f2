/**
 * The wait before retry number `attempt` (1-based): the server's Retry-After when it gave one,
 * else exponential backoff with full jitter (AWS's "full jitter"), capped. Pure, so it is tested
 * without timers; cockatiel's retry policy calls it through a DelegateBackoff.
 */

export interface BackoffSettings {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export function backoffDelayMs(
  attempt: number,
  settings: BackoffSettings,
  retryAfterMs: number | undefined,
  random: () => number,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling * random());
}
