/**
 * A Redis connection per test with its own namespace, so parallel test files and repeated runs
 * never see each other's keys: `keys` builds keys under that namespace only, and `cleanup()`
 * deletes every key of the namespace and closes the connection.
 */
import {
  createRedis,
  deleteKeysMatching,
  type RedisClient,
  type RedisKeyBuilder,
  redisKeys,
} from '@konstruct/redis';
import { serviceUrls } from './service-urls.ts';
import { uniqueName } from './unique-name.ts';

export interface TestRedis {
  readonly client: RedisClient;
  readonly namespace: string;
  readonly keys: RedisKeyBuilder;
  cleanup(): Promise<void>;
}

export function createTestRedis(): TestRedis {
  const namespace = uniqueName('t');
  const keys = redisKeys(namespace);
  const client = createRedis({ url: serviceUrls().redisUrl, connectionName: namespace });
  return {
    client,
    namespace,
    keys,
    cleanup: async () => {
      try {
        await deleteKeysMatching(client, keys.namespaceKeyPattern());
      } finally {
        await client.quit();
      }
    },
  };
}
