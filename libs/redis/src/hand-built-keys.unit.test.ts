import { describe, expect, it } from 'vitest';
import { findHandBuiltRedisKeys, type RedisKeyFinding } from './hand-built-keys.ts';

const REDIS_IMPORT = "import type { RedisClient } from '@konstruct/redis';\n";

function scan(text: string, path = 'services/router/src/rate-limit.ts'): RedisKeyFinding[] {
  return findHandBuiltRedisKeys([{ path, text }]);
}

const rules = (findings: readonly RedisKeyFinding[]) => findings.map((f) => `${f.line}:${f.rule}`);

describe('findHandBuiltRedisKeys', () => {
  it('flags ioredis imported outside libs/redis, in every import form', () => {
    const text = [
      "import Redis from 'ioredis';",
      'import type { RedisOptions } from "ioredis";',
      "const lazy = await import('ioredis');",
      "export { Redis } from 'ioredis';",
    ].join('\n');
    expect(rules(scan(text))).toEqual([
      '1:ioredis-import',
      '2:ioredis-import',
      '3:ioredis-import',
      '4:ioredis-import',
    ]);
    expect(scan(text, 'libs/redis/src/create-redis.ts')).toEqual([]);
  });

  it('flags a Redis command whose key is a string or template literal', () => {
    const text = `${REDIS_IMPORT}await client.get('konstruct:t:acme:x');
await deps.redis.set(\`konstruct:t:\${tenantId}:thread\`, '1', 'EX', 60);
await client?.incr(prefix + ':count');
await client
  .expire("k", 10);`;
    const findings = scan(text);
    expect(rules(findings)).toEqual([
      '2:literal-key',
      '3:literal-key',
      '4:literal-key',
      '6:literal-key',
    ]);
    expect(findings[0]).toEqual({
      path: 'services/router/src/rate-limit.ts',
      line: 2,
      rule: 'literal-key',
      source: "await client.get('konstruct:t:acme:x');",
    });
  });

  it('accepts keys from the builder, even when the builder call holds literals', () => {
    const text = `${REDIS_IMPORT}await client.get(keys.tenantKey(tenantId, 'thread', ts));
await client.set(key, 'value', 'EX', 60);
await client.del(keys.tenantKey(t, 'a'), otherKey);
await client.scan(cursor, 'MATCH', keys.tenantKeyPattern(t), 'COUNT', 100);
await client.eval(SCRIPT, 1, key, '60');`;
    expect(scan(text)).toEqual([]);
  });

  it('checks every key of multi-key commands, the keys of EVAL and the SCAN pattern', () => {
    const text = `${REDIS_IMPORT}await client.del(key, 'stray');
await client.mset(key, 'v', 'other', 'v');
await client.eval(SCRIPT, 2, key, 'literal', 'argv');
await client.scan('0', 'MATCH', 'konstruct:*');`;
    expect(rules(scan(text))).toEqual([
      '2:literal-key',
      '3:literal-key',
      '4:literal-key',
      '5:literal-key',
    ]);
  });

  it('checks calls on a receiver named redis in any module', () => {
    const text = "await this.redis.multi().hset('h', 'f', 'v').exec();\nmap.get('x');";
    expect(rules(scan(text))).toEqual(['1:literal-key']);
  });

  it('leaves look-alike methods alone in modules that do not use Redis', () => {
    const text = "headers.get('content-type');\nparams.set('a', 'b');\ncache.del('x');";
    expect(scan(text)).toEqual([]);
  });

  it('leaves maps, sets and headers alone in modules that use Redis', () => {
    const text = `${REDIS_IMPORT}const probes = new Map<string, () => Promise<void>>();
probes.set('redis', check);
const seen: Map<string, number> = new Map();
this.seen.get('x');
request.headers.get('x-slack-signature');
url.searchParams.get('cursor');
await client.get('still:flagged');`;
    expect(rules(scan(text))).toEqual(['8:literal-key']);
  });

  it('flags a keyPrefix option given a literal, not one from the builder', () => {
    const text = `new RateLimiterRedis({ storeClient, keyPrefix: 'rl:' + tenantId, points: 30 });
new RateLimiterRedis({ storeClient, keyPrefix: \`rl\`, points: 30 });
new RateLimiterRedis({ storeClient, keyPrefix: keys.tenantKeyPrefix(t, 'rate-limit') });
new RateLimiterRedis({ storeClient, keyPrefix });`;
    expect(rules(scan(text))).toEqual(['1:literal-key-prefix', '2:literal-key-prefix']);
  });

  it('ignores commands and imports that only appear in comments or strings', () => {
    const text = `${REDIS_IMPORT}// client.get('x') and import 'ioredis'
/** await client.set('y', 1) */
const help = "client.del('z')";`;
    expect(scan(text)).toEqual([]);
  });
});
