/**
 * Deletes every key matching a builder-made pattern (one tenant's keys on offboarding, a test
 * namespace on cleanup) with SCAN + UNLINK, so Redis is never blocked the way KEYS + DEL would
 * block it. Keys written while it runs may survive; it returns how many keys it removed.
 */
import type { RedisClient } from './create-redis.ts';
import type { RedisKeyPattern } from './redis-keys.ts';

const SCAN_BATCH = 500;

export async function deleteKeysMatching(
  client: RedisClient,
  pattern: RedisKeyPattern,
): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_BATCH);
    if (keys.length > 0) deleted += await client.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}
