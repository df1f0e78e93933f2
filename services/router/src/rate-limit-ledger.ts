/**
 * What the rate limits said about each message, kept for an hour under the tenant's prefix
 * (`router-verdicts:<messageId>`), so a redelivered message (its ack was lost, or publishing its
 * outcome failed) is decided with the verdicts it already got instead of spending a second point
 * of every limit. Only redeliveries ask (`recall`); every first decision is recorded. A crash
 * between consuming the points and recording them still spends them twice: a narrow window.
 */
import type { RedisClient, RedisKeyBuilder } from '@konstruct/redis';
import { z } from 'zod';
import type { RateLimitVerdict } from './route-message.ts';

const KIND = 'router-verdicts';
const KEEP_MS = 60 * 60_000;

const StoredVerdicts = z.array(
  z.object({
    scope: z.enum(['tenant', 'channel']),
    allowed: z.boolean(),
    retryAfterMs: z.number().nonnegative(),
    pointsPerMinute: z.number().int().positive(),
  }),
);

export interface RateLimitLedger {
  recall(tenantId: string, messageId: string): Promise<RateLimitVerdict[] | undefined>;
  record(tenantId: string, messageId: string, verdicts: readonly RateLimitVerdict[]): Promise<void>;
}

export function createRateLimitLedger(redis: RedisClient, keys: RedisKeyBuilder): RateLimitLedger {
  return {
    async recall(tenantId, messageId) {
      const stored = await redis.get(keys.tenantKey(tenantId, KIND, messageId));
      if (stored === null) return undefined;
      // an unreadable record is treated as none: the message is counted again
      let json: unknown;
      try {
        json = JSON.parse(stored);
      } catch {
        return undefined;
      }
      const parsed = StoredVerdicts.safeParse(json);
      return parsed.success ? parsed.data : undefined;
    },
    async record(tenantId, messageId, verdicts) {
      await redis.set(
        keys.tenantKey(tenantId, KIND, messageId),
        JSON.stringify(verdicts),
        'PX',
        KEEP_MS,
      );
    },
  };
}
