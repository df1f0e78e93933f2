/** @konstruct/redis: the Redis connection and the one tenant-prefixed key builder. */
export {
  type CreateRedisOptions,
  createRedis,
  type RedisClient,
  type RedisLogger,
  reconnectDelay,
} from './create-redis.ts';
export { deleteKeysMatching } from './delete-keys.ts';
export {
  findHandBuiltRedisKeys,
  type RedisKeyFinding,
  type RedisKeyRule,
  type SourceFile,
} from './hand-built-keys.ts';
export { decodeKeyPart, encodeKeyPart, encodeKeyParts } from './key-part.ts';
export { pingRedis } from './ping-redis.ts';
export {
  isValidTenantId,
  KEY_KIND_PATTERN,
  type RedisKey,
  type RedisKeyBuilder,
  RedisKeyError,
  type RedisKeyPattern,
  type RedisKeyPrefix,
  redisKeys,
  TENANT_ID_PATTERN,
} from './redis-keys.ts';
