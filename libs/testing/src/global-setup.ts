/**
 * vitest global setup: decides where tests find NATS, Postgres and Redis, once per run.
 * `KONSTRUCT_TEST_CONTAINERS=never` always uses the env URLs / local defaults;
 * `always` starts containers with testcontainers (needs a Docker engine);
 * `auto` (default) uses containers only for a service whose URL is unset and whose standard
 * local port does not answer (starting one then needs a Docker engine; testcontainers is loaded
 * only in that case). Tests then read the URLs from
 * `NATS_URL`, `DATABASE_URL` and `REDIS_URL` (see `service-urls.ts`).
 */
import { connect as tcpConnect } from 'node:net';
import type { StartedTestContainer } from 'testcontainers';
import { DEFAULT_SERVICE_URLS } from './service-urls.ts';

type Mode = 'auto' | 'always' | 'never';

interface ContainerPlan {
  readonly envName: 'NATS_URL' | 'DATABASE_URL' | 'REDIS_URL';
  readonly defaultUrl: string;
  readonly start: () => Promise<{ container: StartedTestContainer; url: string }>;
}

const plans: readonly ContainerPlan[] = [
  {
    envName: 'NATS_URL',
    defaultUrl: DEFAULT_SERVICE_URLS.natsUrl,
    start: async () => {
      const { GenericContainer } = await import('testcontainers');
      const container = await new GenericContainer('nats:2.10-alpine')
        .withCommand(['-js'])
        .withExposedPorts(4222)
        .start();
      return { container, url: `nats://${container.getHost()}:${container.getMappedPort(4222)}` };
    },
  },
  {
    envName: 'DATABASE_URL',
    defaultUrl: DEFAULT_SERVICE_URLS.databaseUrl,
    start: async () => {
      const { GenericContainer } = await import('testcontainers');
      const container = await new GenericContainer('postgres:16-alpine')
        .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust', POSTGRES_DB: 'test' })
        .withExposedPorts(5432)
        .start();
      const host = container.getHost();
      return {
        container,
        url: `postgres://postgres@${host}:${container.getMappedPort(5432)}/test`,
      };
    },
  },
  {
    envName: 'REDIS_URL',
    defaultUrl: DEFAULT_SERVICE_URLS.redisUrl,
    start: async () => {
      const { GenericContainer } = await import('testcontainers');
      const container = await new GenericContainer('redis:7-alpine').withExposedPorts(6379).start();
      return { container, url: `redis://${container.getHost()}:${container.getMappedPort(6379)}` };
    },
  },
];

function answers(url: string, timeoutMs = 500): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: hostname, port: Number(port), timeout: timeoutMs });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

async function needsContainer(plan: ContainerPlan, mode: Mode): Promise<boolean> {
  if (mode === 'never') return false;
  if (mode === 'always') return true;
  return process.env[plan.envName] === undefined && !(await answers(plan.defaultUrl));
}

export default async function setup(): Promise<() => Promise<void>> {
  const mode = (process.env.KONSTRUCT_TEST_CONTAINERS ?? 'auto') as Mode;
  const started: StartedTestContainer[] = [];
  for (const plan of plans) {
    if (!(await needsContainer(plan, mode))) continue;
    const { container, url } = await plan.start();
    started.push(container);
    process.env[plan.envName] = url;
  }
  return async () => {
    await Promise.all(started.map((container) => container.stop()));
  };
}
