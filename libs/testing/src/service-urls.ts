/**
 * Where tests find NATS, Postgres and Redis: the env URLs when set, else the standard local
 * ports. When a Docker engine is available and `KONSTRUCT_TEST_CONTAINERS=1`, the vitest global
 * setup (`global-setup.ts`) starts containers and sets these env variables before tests run.
 */
export interface ServiceUrls {
  readonly natsUrl: string;
  readonly databaseUrl: string;
  readonly redisUrl: string;
}

export const DEFAULT_SERVICE_URLS: ServiceUrls = {
  natsUrl: 'nats://127.0.0.1:4222',
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
  redisUrl: 'redis://127.0.0.1:6379',
};

export function serviceUrls(env: NodeJS.ProcessEnv = process.env): ServiceUrls {
  return {
    natsUrl: env.NATS_URL ?? DEFAULT_SERVICE_URLS.natsUrl,
    databaseUrl: env.DATABASE_URL ?? DEFAULT_SERVICE_URLS.databaseUrl,
    redisUrl: env.REDIS_URL ?? DEFAULT_SERVICE_URLS.redisUrl,
  };
}
