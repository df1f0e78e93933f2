/**
 * Thread replies the router holds back, per conversation, so a later reply of the same thread
 * cannot overtake them: a plain reply retried while its thread's mention is still being routed
 * (`earlier-mentions.ts`) is recorded here with its stream sequence, and any reply of that
 * thread with a higher sequence waits too until the earlier one is decided (the agent and the
 * egress answer in stream order of routing, so routing order is answering order). A sorted set
 * per conversation under the tenant's prefix (`router-held:<conversation>`, score = stream
 * sequence), kept two minutes after its last hold, so a router that died holding a reply holds
 * the thread back no longer than that.
 */
import type { RedisClient, RedisKeyBuilder } from '@konstruct/redis';

const KIND = 'router-held';
const KEEP_MS = 2 * 60_000;

export interface HeldReplies {
  hold(
    tenantId: string,
    conversationId: string,
    messageId: string,
    sequence: number,
  ): Promise<void>;
  release(tenantId: string, conversationId: string, messageId: string): Promise<void>;
  /** Whether a reply of the conversation with a lower stream sequence is held. */
  earlierHeld(tenantId: string, conversationId: string, sequence: number): Promise<boolean>;
}

export function createHeldReplies(redis: RedisClient, keys: RedisKeyBuilder): HeldReplies {
  const keyOf = (tenantId: string, conversationId: string) =>
    keys.tenantKey(tenantId, KIND, conversationId);
  return {
    async hold(tenantId, conversationId, messageId, sequence) {
      const key = keyOf(tenantId, conversationId);
      await redis.multi().zadd(key, sequence, messageId).pexpire(key, KEEP_MS).exec();
    },
    async release(tenantId, conversationId, messageId) {
      await redis.zrem(keyOf(tenantId, conversationId), messageId);
    },
    async earlierHeld(tenantId, conversationId, sequence) {
      const key = keyOf(tenantId, conversationId);
      const earlier = await redis.zrangebyscore(key, '-inf', `(${sequence}`, 'LIMIT', 0, 1);
      return earlier.length > 0;
    },
  };
}
