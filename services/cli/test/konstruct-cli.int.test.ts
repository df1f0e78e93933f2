import { once } from 'node:events';
import { createServer } from 'node:net';
import {
  createTestBus,
  createTestDatabase,
  serviceUrls,
  type TestBus,
  type TestDatabase,
} from '@konstruct/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { collect, runKonstruct, startKonstruct } from './run-konstruct.ts';

/** A local TCP port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('konstruct (the real binary)', () => {
  let database: TestDatabase;
  let bus: TestBus;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    bus = await createTestBus({ streams: false });
    const urls = serviceUrls();
    env = {
      NATS_URL: urls.natsUrl,
      REDIS_URL: urls.redisUrl,
      DATABASE_URL: database.ownerUrl,
      KONSTRUCT_NAMESPACE: bus.namespace,
    };
  });
  afterAll(async () => {
    await database.drop();
    await bus.cleanup();
  });

  test('--help lists every command, and each command has its own help', async () => {
    const help = await runKonstruct(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['doctor', 'migrate', 'start']) {
      expect(help.stdout).toContain(command);
      const own = await runKonstruct([command, '--help']);
      expect(own.code).toBe(0);
      expect(own.stdout).toContain(`Usage: konstruct ${command}`);
    }
  });

  test('doctor names pending migrations and the fix, then passes after migrate', async () => {
    const before = await runKonstruct(['doctor'], env);
    expect(before.code).toBe(1);
    expect(before.stdout).toMatch(/FAIL\s+migrations\s+\d+ pending: 0001_tenancy_foundation/);
    expect(before.stdout).toContain('fix: run `konstruct migrate`');

    const migrated = await runKonstruct(['migrate', '--json'], env);
    expect(migrated.code).toBe(0);
    const applied = (
      JSON.parse(migrated.stdout) as { applied: { name: string; direction: string }[] }
    ).applied;
    expect(applied[0]).toEqual({ name: '0001_tenancy_foundation', direction: 'up' });
    expect(applied.every((step) => step.direction === 'up')).toBe(true);
    const again = await runKonstruct(['migrate'], env);
    expect(again.stdout).toContain('database is up to date');

    const after = await runKonstruct(['doctor', '--json'], env);
    expect(after.code).toBe(0);
    const report = JSON.parse(after.stdout) as {
      ok: boolean;
      checks: { name: string; ok: boolean }[];
    };
    expect(report.ok).toBe(true);
    expect(report.checks.map((check) => check.name)).toEqual([
      'nats',
      'jetstream',
      'postgres',
      'migrations',
      'read model',
      'tenant isolation',
      'postgres app role',
      'redis',
    ]);
  });

  test('doctor reports an unreachable NATS and Redis with what to do, exit 1', async () => {
    const port = await closedPort();
    const run = await runKonstruct(['doctor', '--json'], {
      ...env,
      NATS_URL: `nats://127.0.0.1:${port}`,
      REDIS_URL: `redis://127.0.0.1:${port}`,
    });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      checks: { name: string; ok: boolean; fix?: string }[];
    };
    const failing = report.checks.filter((check) => !check.ok);
    expect(failing.map((check) => check.name)).toEqual(['nats', 'redis']);
    expect(failing[0]?.fix).toMatch(/start NATS with JetStream/);
    expect(failing[1]?.fix).toMatch(/start Redis/);
  });

  test('invalid configuration stops at once with one message naming every problem', async () => {
    const run = await runKonstruct(['doctor'], {
      NATS_URL: 'http://nope',
      KONSTRUCT_NAMESPACE: 'Bad.Name',
      KONSTRUCT_STREAM_REPLICAS: 'seven',
      LOG_LEVEL: 'loud',
    });
    expect(run.code).toBe(1);
    for (const variable of [
      'NATS_URL',
      'KONSTRUCT_NAMESPACE',
      'KONSTRUCT_STREAM_REPLICAS',
      'LOG_LEVEL',
    ]) {
      expect(run.stderr).toContain(variable);
    }
    expect(run.stdout).toBe('');
  });

  test('start serves health, readiness and metrics, and stops cleanly on SIGTERM', async () => {
    const child = startKonstruct(['start'], { ...env, OPS_PORT: '0', LOG_LEVEL: 'info' });
    const result = collect(child);
    const port = await new Promise<number>((resolve, reject) => {
      let seen = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const match = /ops on :(\d+)/.exec(seen);
        if (match?.[1] !== undefined) resolve(Number(match[1]));
      });
      child.once('close', () => reject(new Error(`start exited early: ${seen}`)));
    });
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { nats: 'ok', postgres: 'ok', redis: 'ok' },
    });
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('konstruct_events_published_total');
    // the platform's NATS connection has talked (connect, stream declarations): counted
    const sent = /konstruct_nats_messages_total\{direction="out"[^}]*\} (\d+)/.exec(metrics);
    expect(Number(sent?.[1])).toBeGreaterThan(0);
    child.kill('SIGTERM');
    const { code, stdout } = await result;
    expect(code).toBe(0);
    expect(stdout).toContain('"msg":"platform started"');
    expect(stdout).toContain('"component":"nats","msg":"stopped"');
  });

  test('start leaves out a service its environment does not configure, and refuses it by name', async () => {
    await runKonstruct(['migrate'], env);
    const unconfigured = {
      ...env,
      OPS_PORT: '0',
      KONSTRUCT_LLM_CONFIG: '',
      OPENAI_API_KEY: '',
      ANTHROPIC_API_KEY: '',
      OLLAMA_HOST: '',
    };
    const child = startKonstruct(['start'], unconfigured);
    const result = collect(child);
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (/ops on :\d+/.test(seen)) resolve();
      });
      child.once('close', () => reject(new Error(`start exited early: ${seen}`)));
    });
    child.kill('SIGTERM');
    const { code, stderr } = await result;
    expect(code).toBe(0);
    expect(stderr).toMatch(/agent not started: .*OPENAI_API_KEY/);
    expect(stderr).toMatch(/konstruct running \(projector, router[,)]/);
    const named = await runKonstruct(['start', 'agent'], unconfigured);
    expect(named.code).not.toBe(0);
    expect(named.stderr).toMatch(/agent cannot start: .*OPENAI_API_KEY/);
  });

  test('user create-admin reads the password from stdin, never from an argument', async () => {
    await runKonstruct(['migrate'], env);
    const created = await runKonstruct(
      ['user', 'create-admin', '--email', 'Root@Example.com', '--json'],
      env,
      'a long enough password\n',
    );
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({
      email: 'root@example.com',
      platformAdmin: true,
      created: true,
    });
    const again = await runKonstruct(
      ['user', 'create-admin', '--email', 'root@example.com'],
      env,
      'another long password',
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('UserExists');
    const weak = await runKonstruct(
      ['user', 'create-admin', '--email', 'weak@example.com'],
      env,
      'short',
    );
    expect(weak.stderr).toContain('at least 12 characters');
    const help = await runKonstruct(['user', 'create-admin', '--help']);
    expect(help.stdout).not.toMatch(/--password/);
  });

  test('start refuses an unknown service by name', async () => {
    const run = await runKonstruct(['start', 'teleporter'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('unknown service teleporter');
  });

  test('doctor notices a read-model table dropped by hand and a policy added by hand', async () => {
    await runKonstruct(['migrate'], env);
    await sql`drop table usage_daily`.execute(database.ownerDb);
    await sql`create policy leak on agents for select using (true)`.execute(database.ownerDb);
    const run = await runKonstruct(['doctor', '--json'], env);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      checks: { name: string; ok: boolean; detail: string }[];
    };
    const failing = report.checks.filter((check) => !check.ok);
    expect(failing.map((check) => check.name)).toEqual(['read model', 'tenant isolation']);
    expect(failing[0]?.detail).toContain('usage_daily');
    expect(failing[1]?.detail).toContain('agents: unexpected-permissive-policy');
  });
});
