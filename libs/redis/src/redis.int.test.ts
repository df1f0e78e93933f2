import {
  countSocketWrites,
  createTestRedis,
  sendFromSeparateCallbacks,
  serviceUrls,
  type TestRedis,
} from '@konstruct/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from './create-redis.ts';
import { deleteKeysMatching } from './delete-keys.ts';
import { pingRedis } from './ping-redis.ts';
import type { RedisKey, RedisKeyPattern } from './redis-keys.ts';

let redis: TestRedis;

beforeAll(() => {
  redis = createTestRedis();
});

afterAll(async () => {
  await redis.cleanup();
});

async function scanAll(pattern: RedisKeyPattern): Promise<string[]> {
  const { client } = redis;
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 100);
    found.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return found.sort();
}

describe('Redis connection and keys', () => {
  it('connects and reports the server version', async () => {
    expect(await pingRedis(redis.client)).toMatch(/^\d+\.\d+/);
  });

  it('sends the commands many callbacks issue in one event-loop turn in one write, each with its own answer', async () => {
    const { client, keys } = redis;
    const key = keys.tenantKey('tenant-a', 'pipelining', 'counter');
    const answers: Promise<number>[] = [];
    const port = Number(new URL(serviceUrls().redisUrl).port || 6379);
    await client.ping();

    const writes = await countSocketWrites(port, async () => {
      await sendFromSeparateCallbacks(50, () => answers.push(client.incr(key)));
      await Promise.all(answers);
    });

    expect((await Promise.all(answers)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    expect(writes).toBeLessThanOrEqual(3);
  });

  it('keeps two tenants apart even when their inputs try to collide', async () => {
    const { client, keys } = redis;
    const a: RedisKey = keys.tenantKey('tenant-a', 'engaged-thread', 'C1', 'x:t:tenant-b');
    const b: RedisKey = keys.tenantKey('tenant-b', 'engaged-thread', 'C1', 'x');
    const forged: RedisKey = keys.tenantKey('tenant-a', 'engaged-thread', 'C1:x');
    await client.set(a, 'A');
    await client.set(b, 'B');
    await client.set(forged, 'F');
    expect(await client.mget(a, b, forged)).toEqual(['A', 'B', 'F']);
  });

  it("finds only one tenant's keys with its pattern, and deletes only those", async () => {
    const { client, keys } = redis;
    const aKeys = [keys.tenantKey('ta', 'k', '1'), keys.tenantKey('ta', 'other', '*')];
    const bKeys = [keys.tenantKey('tb', 'k', '1'), keys.tenantKey('ta-b', 'k', '1')];
    const platform = keys.platformKey('leader', 'ta');
    for (const key of [...aKeys, ...bKeys, platform]) await client.set(key, '1');
    expect(await scanAll(keys.tenantKeyPattern('ta'))).toEqual([...aKeys].sort());
    expect(await deleteKeysMatching(client, keys.tenantKeyPattern('ta'))).toBe(2);
    expect(await client.exists(...aKeys)).toBe(0);
    expect(await client.exists(...bKeys, platform)).toBe(3);
  });

  it('fails a ping with a clear error when nothing listens', async () => {
    const dead = createRedis({ url: 'redis://127.0.0.1:1' });
    dead.on('error', () => {});
    await expect(pingRedis(dead)).rejects.toThrow();
    dead.disconnect();
  });

  it('cleans up every key of its namespace and nothing else', async () => {
    const mine = createTestRedis();
    const neighbour = createTestRedis();
    await mine.client.set(mine.keys.tenantKey('acme', 'k'), '1');
    await mine.client.set(mine.keys.platformKey('k'), '1');
    const kept = neighbour.keys.tenantKey('acme', 'k');
    await neighbour.client.set(kept, '1');
    await mine.cleanup();
    expect(await neighbour.client.exists(kept)).toBe(1);
    await neighbour.cleanup();
    const check = createTestRedis();
    expect(await check.client.exists(mine.keys.tenantKey('acme', 'k'), kept)).toBe(0);
    await check.cleanup();
  });
});
