/**
 * The Redis connection from the platform config (TLS with `rediss://`), verified with a PING
 * before a service relies on it.
 */
import type { PlatformConfig } from '@konstruct/config';
import type { Logger } from '@konstruct/observability';
import { createRedis, pingRedis, type RedisClient } from '@konstruct/redis';

export async function openRedis(
  config: PlatformConfig,
  processName: string,
  logger: Logger,
): Promise<RedisClient> {
  const client = createRedis({
    url: config.REDIS_URL,
    tlsCaFile: config.REDIS_TLS_CA_FILE,
    logger,
    connectionName: `${config.KONSTRUCT_NAMESPACE}-${processName}`,
  });
  try {
    await pingRedis(client);
    return client;
  } catch (error) {
    client.disconnect();
    throw error;
  }
}
