/**
 * The world an end-to-end Slack test runs in: real NATS, Postgres and Redis (a namespace and a
 * database of its own), a loopback Slack Web API and a loopback OpenAI-compatible server, the
 * platform started as operators start it (`konstruct start`), and tenants, agents and
 * connections created with the `konstruct` admin commands. It speaks to the platform only as
 * Slack does: signed Events API requests in, Web API calls out.
 */
import { randomBytes } from 'node:crypto';
import {
  createTestBus,
  createTestDatabase,
  eventCallback,
  type LoopbackServer,
  postSlackEvent,
  type SlackPost,
  type SlackWebApi,
  serviceUrls,
  startOpenAiServer,
  startSlackWebApi,
  type TestBus,
  type TestDatabase,
} from '@konstruct/testing';
import { runKonstruct } from '../run-konstruct.ts';
import { type PlatformProcess, startPlatformProcess } from './platform-process.ts';
import { type ThreadView, threadView } from './slack-transcript.ts';

export interface SlackTenant {
  readonly tenantId: string;
  readonly agentId: string;
  readonly connectionId: string;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botToken: string;
}

export interface TenantSpec {
  readonly name: string;
  readonly agentName: string;
  readonly role: string;
  readonly persona: string;
  readonly rateLimitPerMinute?: number;
}

export interface SlackWorld {
  readonly env: NodeJS.ProcessEnv;
  readonly slack: SlackWebApi;
  readonly llm: LoopbackServer;
  readonly signingSecret: string;
  platform(): PlatformProcess;
  restartPlatform(how: 'stop' | 'kill'): Promise<void>;
  addTenant(spec: TenantSpec): Promise<SlackTenant>;
  /** POSTs one event as Slack would (signed, `event_callback` envelope). */
  send(
    teamId: string,
    event: Record<string, unknown>,
    options?: { eventId?: string; retryNum?: number; signature?: string },
  ): Promise<SlackPost>;
  thread(tenant: SlackTenant, channel: string, threadTs: string): ThreadView;
  close(): Promise<void>;
}

let tsCounter = 0;
/** A fresh Slack message timestamp (`seconds.micros`), unique within the run. */
export function nextTs(): string {
  tsCounter += 1;
  return `${Math.floor(Date.now() / 1000)}.${String(tsCounter).padStart(6, '0')}`;
}

let eventCounter = 0;
export function nextEventId(): string {
  eventCounter += 1;
  return `Ev${Date.now().toString(36).toUpperCase()}${eventCounter}`;
}

export async function startSlackWorld(extraEnv: NodeJS.ProcessEnv = {}): Promise<SlackWorld> {
  const database: TestDatabase = await createTestDatabase();
  const bus: TestBus = await createTestBus({ streams: false });
  const slack = await startSlackWebApi();
  const llm = await startOpenAiServer();
  const signingSecret = randomBytes(16).toString('hex');
  const env: NodeJS.ProcessEnv = {
    NATS_URL: serviceUrls().natsUrl,
    REDIS_URL: serviceUrls().redisUrl,
    DATABASE_URL: database.ownerUrl,
    KONSTRUCT_NAMESPACE: bus.namespace,
    KONSTRUCT_SECRET_KEY: randomBytes(32).toString('base64'),
    SLACK_API_URL: slack.url,
    SLACK_SIGNING_SECRET: signingSecret,
    OPENAI_API_KEY: 'sk-loopback',
    OPENAI_BASE_URL: `${llm.url}/v1`,
    ...extraEnv,
  };
  let platform = await startPlatformProcess(env);
  const json = async (args: readonly string[]) => {
    const run = await runKonstruct([...args, '--json'], env);
    if (run.code !== 0) throw new Error(`konstruct ${args.join(' ')} failed: ${run.stderr}`);
    return JSON.parse(run.stdout) as { id: string } & Record<string, unknown>;
  };
  let tenants = 0;
  return {
    env,
    slack,
    llm,
    signingSecret,
    platform: () => platform,
    async restartPlatform(how) {
      await (how === 'stop' ? platform.stop() : platform.kill());
      platform = await startPlatformProcess(env);
    },
    async addTenant(spec) {
      tenants += 1;
      const suffix = `${tenants}${randomBytes(3).toString('hex').toUpperCase()}`;
      const teamId = `T${suffix}`;
      const botUserId = `UBOT${suffix}`;
      const botToken = `xoxb-${suffix}-${randomBytes(12).toString('hex')}`;
      slack.addWorkspace({ teamId, botToken, botUserId });
      const tenant = await json([
        'tenant',
        'create',
        '--name',
        spec.name,
        ...(spec.rateLimitPerMinute === undefined
          ? []
          : ['--rate-limit', String(spec.rateLimitPerMinute)]),
      ]);
      const agent = await json([
        'agent',
        'create',
        '--tenant',
        tenant.id,
        '--name',
        spec.agentName,
        '--role',
        spec.role,
        '--persona',
        spec.persona,
      ]);
      const connection = await json([
        'connection',
        'add-slack',
        '--tenant',
        tenant.id,
        '--team-id',
        teamId,
        '--bot-token',
        botToken,
        '--bot-user-id',
        botUserId,
        '--team-name',
        spec.name,
      ]);
      return {
        tenantId: tenant.id,
        agentId: agent.id,
        connectionId: connection.id,
        teamId,
        botUserId,
        botToken,
      };
    },
    send(teamId, event, options = {}) {
      const payload = eventCallback(teamId, options.eventId ?? nextEventId(), event);
      return postSlackEvent(platform.slackEventsUrl, payload, {
        secret: signingSecret,
        ...(options.retryNum === undefined ? {} : { retryNum: options.retryNum }),
        ...(options.signature === undefined ? {} : { signature: options.signature }),
      });
    },
    thread: (tenant, channel, threadTs) => threadView(slack, tenant.teamId, channel, threadTs),
    async close() {
      await platform.stop();
      await Promise.all([slack.close(), llm.close()]);
      await bus.cleanup();
      await database.drop();
    },
  };
}
