/**
 * The rate-limit adapter (CHAN-05): rate-limiter-flexible's `RateLimiterRedis`, one fixed
 * one-minute window per limit, on keys under the tenant's prefix (TNNT-03), so a tenant's
 * counters are only ever its own and every instance of the router shares them. A limiter is kept
 * per tenant, scope and threshold; a changed threshold applies to the counter already running.
 */
import { encodeKeyParts, type RedisClient, type RedisKeyBuilder } from '@konstruct/redis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimitRequest, RateLimitScope, RateLimitVerdict } from './route-message.ts';

const WINDOW_SECONDS = 60;
/** The tenant-wide counter's key under its prefix. */
const TENANT_SUBJECT = 'all';

export interface RateLimits {
  /** Consumes one point of each limit and tells which are over their threshold. */
  consume(tenantId: string, requests: readonly RateLimitRequest[]): Promise<RateLimitVerdict[]>;
}

export function createRateLimits(redis: RedisClient, keys: RedisKeyBuilder): RateLimits {
  const limiters = new Map<string, RateLimiterRedis>();
  const limiterFor = (tenantId: string, scope: RateLimitScope, points: number) => {
    const id = [tenantId, scope, String(points)].join('/');
    let limiter = limiters.get(id);
    if (limiter === undefined) {
      limiter = new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: keys.tenantKeyPrefix(tenantId, `rate-limit-${scope}`),
        points,
        duration: WINDOW_SECONDS,
      });
      limiters.set(id, limiter);
    }
    return limiter;
  };
  const consumeOne = async (
    tenantId: string,
    request: RateLimitRequest,
  ): Promise<RateLimitVerdict> => {
    const { scope, pointsPerMinute } = request;
    const limiter = limiterFor(tenantId, scope, pointsPerMinute);
    const key = encodeKeyParts(request.subject.length === 0 ? [TENANT_SUBJECT] : request.subject);
    try {
      await limiter.consume(key);
      return { scope, allowed: true, retryAfterMs: 0, pointsPerMinute };
    } catch (error) {
      // rate-limiter-flexible rejects with a RateLimiterRes when over the limit, an Error otherwise.
      if (!(error instanceof RateLimiterRes)) throw error;
      return { scope, allowed: false, retryAfterMs: error.msBeforeNext, pointsPerMinute };
    }
  };
  return {
    consume: (tenantId, requests) =>
      Promise.all(requests.map((request) => consumeOne(tenantId, request))),
  };
}
