/**
 * Engaged threads (CHAN-02): after the agent answers a mention or DM it follows that thread, and
 * plain replies in it are answered until it has been idle for the TTL (30 minutes). One Redis
 * key per conversation (a Slack conversation is one thread) under the tenant's prefix; each
 * routed message in the thread sets it again with a fresh TTL.
 */
import type { RedisClient, RedisKeyBuilder } from '@konstruct/redis';

export const ENGAGED_THREAD_TTL_MS = 30 * 60_000;
const KIND = 'engaged-thread';

export interface EngagedThreads {
  isEngaged(tenantId: string, conversationId: string): Promise<boolean>;
  /** Marks the thread engaged, or refreshes its idle TTL. */
  engage(tenantId: string, conversationId: string): Promise<void>;
}

export function createEngagedThreads(
  redis: RedisClient,
  keys: RedisKeyBuilder,
  ttlMs: number = ENGAGED_THREAD_TTL_MS,
): EngagedThreads {
  return {
    isEngaged: async (tenantId, conversationId) =>
      (await redis.exists(keys.tenantKey(tenantId, KIND, conversationId))) === 1,
    engage: async (tenantId, conversationId) => {
      await redis.set(keys.tenantKey(tenantId, KIND, conversationId), '1', 'PX', ttlMs);
    },
  };
}
