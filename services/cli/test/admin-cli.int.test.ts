import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import {
  createTestBus,
  createTestDatabase,
  serviceUrls,
  type TestBus,
  type TestDatabase,
} from '@konstruct/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { collect, runKonstruct, startKonstruct } from './run-konstruct.ts';

/** A loopback Slack Web API answering `auth.test` as Slack does, recording the calls. */
async function startSlackApi(calls: string[]): Promise<Server> {
  const server = createServer((request, response) => {
    calls.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`);
    response.setHeader('content-type', 'application/json');
    const ok =
      request.url === '/api/auth.test' &&
      request.headers.authorization === 'Bearer xoxb-good-token';
    response.end(
      JSON.stringify(
        ok
          ? {
              ok: true,
              url: 'https://acme.slack.com/',
              team: 'Acme',
              user: 'mara',
              team_id: 'T0ACME',
              user_id: 'U0MARA',
              bot_id: 'B1',
            }
          : { ok: false, error: 'invalid_auth' },
      ),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

function waitForOps(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (/ops on :\d+/.test(seen)) resolve();
    });
    child.once('close', () => reject(new Error(`projector exited: ${seen}`)));
  });
}

describe('the admin CLI (real binary, real projector)', () => {
  let database: TestDatabase;
  let bus: TestBus;
  let slack: Server;
  let projector: ChildProcess;
  const slackCalls: string[] = [];
  let env: NodeJS.ProcessEnv;
  const json = async (args: string[]) => {
    const run = await runKonstruct([...args, '--json'], env);
    if (run.code !== 0) throw new Error(`konstruct ${args.join(' ')} failed: ${run.stderr}`);
    return JSON.parse(run.stdout) as Record<string, unknown> & { id: string };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    bus = await createTestBus({ streams: false });
    slack = await startSlackApi(slackCalls);
    const address = slack.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    env = {
      NATS_URL: serviceUrls().natsUrl,
      REDIS_URL: serviceUrls().redisUrl,
      DATABASE_URL: database.ownerUrl,
      KONSTRUCT_NAMESPACE: bus.namespace,
      KONSTRUCT_SECRET_KEY: randomBytes(32).toString('base64'),
      SLACK_API_URL: `http://127.0.0.1:${port}/api/`,
      OPS_PORT: '0',
    };
    projector = startKonstruct(['start', 'projector'], { ...env, LOG_LEVEL: 'warn' });
    await waitForOps(projector);
  }, 60_000);

  afterAll(async () => {
    const closed = collect(projector);
    projector.kill('SIGTERM');
    await closed;
    slack.close();
    await bus.cleanup();
    await database.drop();
  });

  test('tenant create is visible to tenant show at once, by id and by slug', async () => {
    const created = await json(['tenant', 'create', '--name', 'Acme Corp', '--rate-limit', '45']);
    expect(created).toMatchObject({
      name: 'Acme Corp',
      slug: 'acme-corp',
      rateLimitPerMinute: 45,
      status: 'active',
    });
    expect(await json(['tenant', 'show', created.id])).toEqual(created);
    expect(await json(['tenant', 'show', 'acme-corp'])).toEqual(created);
    const list = (await runKonstruct(['tenant', 'list', '--json'], env)).stdout;
    expect((JSON.parse(list) as { id: string }[]).map((tenant) => tenant.id)).toContain(created.id);
  });

  test('errors name the problem and exit non-zero', async () => {
    await json(['tenant', 'create', '--name', 'Dup', '--slug', 'dup-slug']);
    const taken = await runKonstruct(
      ['tenant', 'create', '--name', 'Dup 2', '--slug', 'dup-slug'],
      env,
    );
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('SlugTaken');
    const missing = await runKonstruct(['tenant', 'show', 'no-such-tenant'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('TenantNotFound');
    const badRate = await runKonstruct(
      ['tenant', 'create', '--name', 'X', '--rate-limit', 'lots'],
      env,
    );
    expect(badRate.code).not.toBe(0);
  });

  test('update and delete return the changed tenant; a stale version is refused', async () => {
    const created = await json(['tenant', 'create', '--name', 'Initech']);
    const updated = await json([
      'tenant',
      'update',
      created.id,
      '--rate-limit',
      '10',
      '--expected-version',
      '1',
    ]);
    expect(updated).toMatchObject({ rateLimitPerMinute: 10, version: 2 });
    const stale = await runKonstruct(
      ['tenant', 'update', created.id, '--name', 'Late', '--expected-version', '1'],
      env,
    );
    expect(stale.stderr).toContain('StaleWrite');
    expect(await json(['tenant', 'delete', created.id])).toMatchObject({ status: 'deleted' });
  });

  test('agents: create with every field, show, update, deactivate', async () => {
    const tenant = await json(['tenant', 'create', '--name', 'Hooli']);
    const agent = await json([
      'agent',
      'create',
      '--tenant',
      'hooli',
      '--name',
      'Mara',
      '--role',
      'Customer success',
      '--persona',
      'Warm and precise',
      '--system-prompt',
      'Answer in English.',
      '--model',
      'fast',
      '--job-description',
      'Helps customers',
      '--statement-of-work',
      'Tier 1 support',
      '--tool',
      'search',
      '--tool',
      'calendar',
      '--escalate-on-human-request',
      '--escalation-email',
      'ops@hooli.test',
    ]);
    expect(agent).toMatchObject({
      tenantId: tenant.id,
      name: 'Mara',
      role: 'Customer success',
      modelPreference: 'fast',
      tools: ['search', 'calendar'],
      escalationRules: [{ kind: 'human_requested' }],
      active: true,
    });
    expect(await json(['agent', 'show', agent.id])).toEqual(agent);
    expect(await json(['agent', 'update', agent.id, '--role', 'Support lead'])).toMatchObject({
      role: 'Support lead',
      persona: 'Warm and precise',
    });
    expect(await json(['agent', 'deactivate', agent.id])).toMatchObject({ active: false });
    const listed = JSON.parse(
      (await runKonstruct(['agent', 'list', '--tenant', tenant.id, '--json'], env)).stdout,
    );
    expect(listed).toHaveLength(1);
  });

  test('a Slack connection asks auth.test for the bot user and shows the token masked', async () => {
    const tenant = await json(['tenant', 'create', '--name', 'Slacky']);
    const connection = await json([
      'connection',
      'add-slack',
      '--tenant',
      tenant.id,
      '--team-id',
      'T0ACME',
      '--bot-token',
      'xoxb-good-token',
    ]);
    expect(connection).toMatchObject({
      teamId: 'T0ACME',
      botUserId: 'U0MARA',
      teamName: 'Acme',
      status: 'active',
    });
    expect(connection.botToken).not.toContain('good-token');
    expect(
      slackCalls.some((call) => call.startsWith('POST /api/auth.test Bearer xoxb-good-token')),
    ).toBe(true);
    const refused = await runKonstruct(
      [
        'connection',
        'add-slack',
        '--tenant',
        tenant.id,
        '--team-id',
        'T0OTHER',
        '--bot-token',
        'xoxb-bad-token',
      ],
      env,
    );
    expect(refused.stderr).toContain('SlackAuthFailed');
    expect(await json(['connection', 'remove', connection.id])).toMatchObject({
      status: 'removed',
    });
  });

  test('members: invite, change role, keep the last admin', async () => {
    const tenant = await json(['tenant', 'create', '--name', 'Members Inc']);
    const ann = await json([
      'member',
      'invite',
      '--tenant',
      tenant.id,
      '--email',
      'ann@example.com',
      '--role',
      'admin',
    ]);
    expect(ann).toMatchObject({ email: 'ann@example.com', role: 'admin', status: 'active' });
    const last = await runKonstruct(
      ['member', 'remove', '--tenant', tenant.id, '--email', 'ann@example.com'],
      env,
    );
    expect(last.stderr).toContain('LastAdmin');
    await json([
      'member',
      'invite',
      '--tenant',
      tenant.id,
      '--email',
      'bob@example.com',
      '--role',
      'member',
    ]);
    expect(
      await json([
        'member',
        'role',
        '--tenant',
        tenant.id,
        '--email',
        'bob@example.com',
        '--role',
        'admin',
      ]),
    ).toMatchObject({ role: 'admin' });
  });

  test("audit --tenant A prints A's events and never B's", async () => {
    const a = await json(['tenant', 'create', '--name', 'Audit A']);
    const b = await json(['tenant', 'create', '--name', 'Audit B']);
    await json(['agent', 'create', '--tenant', b.id, '--name', 'Alex', '--role', 'Sales']);
    const run = await runKonstruct(['audit', '--tenant', a.id, '--json'], env);
    expect(run.code).toBe(0);
    const events = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { tenantId: string; type: string });
    expect(events.map((event) => event.type)).toEqual(['tenant.created']);
    expect(events.every((event) => event.tenantId === a.id)).toBe(true);
    const all = await runKonstruct(
      ['audit', '--all-tenants', '--type', 'agent.configured', '--json'],
      env,
    );
    expect(all.stdout).toContain(b.id);
  });

  test('audit --follow prints new events of its tenant as they happen, and only those', async () => {
    const a = await json(['tenant', 'create', '--name', 'Follow A']);
    const b = await json(['tenant', 'create', '--name', 'Follow B']);
    const follower = startKonstruct(['audit', '--tenant', a.id, '--follow', '--json'], env);
    const lines: { tenantId: string; type: string }[] = [];
    const sawAgent = new Promise<void>((resolve) => {
      let buffer = '';
      follower.stdout?.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const complete = buffer.split('\n');
        buffer = complete.pop() ?? '';
        for (const line of complete) {
          lines.push(JSON.parse(line) as { tenantId: string; type: string });
          if (lines.some((event) => event.type === 'agent.configured')) resolve();
        }
      });
    });
    await json(['agent', 'create', '--tenant', b.id, '--name', 'Noah', '--role', 'Other tenant']);
    await json(['agent', 'create', '--tenant', a.id, '--name', 'Ines', '--role', 'Support']);
    await sawAgent;
    const exited = collect(follower);
    follower.kill('SIGINT');
    expect((await exited).code).toBe(0);
    expect(lines.map((event) => event.type)).toEqual(['tenant.created', 'agent.configured']);
    expect(lines.every((event) => event.tenantId === a.id)).toBe(true);
  });
});
