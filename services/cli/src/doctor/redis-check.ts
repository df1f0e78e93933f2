/**
 * Doctor check for Redis: the server answers a PING and reports its version.
 */
import type { PlatformConfig } from '@konstruct/config';
import { createRedis, pingRedis } from '@konstruct/redis';
import { type CheckResult, errorText, failed, passed, withDeadline } from './check-result.ts';
import { redact } from './postgres-check.ts';

const START_REDIS =
  'start Redis (Debian: redis-server --daemonize yes --bind 127.0.0.1 --port 6379; or `docker compose up redis`) or point REDIS_URL at it';

export async function checkRedis(config: PlatformConfig): Promise<CheckResult[]> {
  const client = createRedis({
    url: config.REDIS_URL,
    tlsCaFile: config.REDIS_TLS_CA_FILE,
    connectionName: 'konstruct-doctor',
  });
  try {
    const version = await withDeadline(() => pingRedis(client), 3_000, 'Redis');
    return [passed('redis', `Redis ${version} at ${redact(config.REDIS_URL)}`)];
  } catch (error) {
    return [
      failed('redis', `cannot reach ${redact(config.REDIS_URL)}: ${errorText(error)}`, START_REDIS),
    ];
  } finally {
    client.disconnect();
  }
}
