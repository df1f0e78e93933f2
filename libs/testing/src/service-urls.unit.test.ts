import { describe, expect, test } from 'vitest';
import { DEFAULT_SERVICE_URLS, serviceUrls } from './service-urls.ts';
import { uniqueName } from './unique-name.ts';

describe('where tests find their services', () => {
  test('the standard local ports when nothing is set', () => {
    expect(serviceUrls({})).toEqual(DEFAULT_SERVICE_URLS);
  });

  test('the env URLs when set', () => {
    const env = {
      NATS_URL: 'nats://n:1',
      DATABASE_URL: 'postgres://p@d:2/x',
      REDIS_URL: 'redis://r:3',
    };
    expect(serviceUrls(env)).toEqual({
      natsUrl: 'nats://n:1',
      databaseUrl: 'postgres://p@d:2/x',
      redisUrl: 'redis://r:3',
    });
  });
});

describe('unique names for per-test resources', () => {
  test('never repeat, and are safe as a NATS token, a Postgres identifier and a Redis key part', () => {
    const names = Array.from({ length: 2_000 }, () => uniqueName('t'));
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9_]{0,62}$/);
  });
});
