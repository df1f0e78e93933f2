/**
 * Proves a Redis connection answers and says which server it is, for readiness probes and
 * `konstruct doctor`. Rejects when Redis does not answer; resolves with the server version.
 */
import type { RedisClient } from './create-redis.ts';

export async function pingRedis(client: RedisClient): Promise<string> {
  const reply = await client.ping();
  if (reply !== 'PONG') throw new Error(`Redis answered PING with ${JSON.stringify(reply)}`);
  const info = await client.info('server');
  return /^(?:redis|valkey)_version:(.+)$/m.exec(info)?.[1]?.trim() ?? 'unknown';
}
