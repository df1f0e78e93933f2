import { randomBytes } from 'node:crypto';
import {
  type AddSlackConnectionDeps,
  addSlackConnection,
  configureAgent,
  createTenant,
  deactivateAgent,
  deleteTenant,
  removeConnection,
  updateTenant,
} from '@konstruct/admin-commands';
import {
  BusHeaders,
  createPublisher,
  eventHeaders,
  type PublishOptions,
  silentLogger,
} from '@konstruct/bus';
import { loadConfig } from '@konstruct/config';
import { openAdminBucket, readEventsOfType } from '@konstruct/event-store';
import { traceIdOf } from '@konstruct/observability';
import { type RunningProjector, startProjector } from '@konstruct/projections';
import { createRedis, deleteKeysMatching, type RedisClient, redisKeys } from '@konstruct/redis';
import { type RunningPlatform, runPlatform } from '@konstruct/runtime';
import {
  type EventOf,
  MessageReceived,
  MessageRejected,
  MessageRouted,
  newEventId,
} from '@konstruct/schemas';
import { createKeyring } from '@konstruct/secrets';
import {
  createTestBus,
  createTestDatabase,
  eventually,
  serviceUrls,
  slackMessageReceived,
  type TestBus,
  type TestDatabase,
} from '@konstruct/testing';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createRouterService,
  ROUTER_CONSUMER,
  routerProcessEnvSchema,
  routerSettings,
} from '../src/index.ts';

type Received = EventOf<typeof MessageReceived>;

interface Workspace {
  readonly tenantId: string;
  readonly teamId: string;
  readonly connectionId: string;
}

const eventuallyWithin = <T>(read: () => Promise<T | undefined>, what: string) =>
  eventually(read, what, { attempts: 150 });

describe('router (real NATS, Postgres, Redis, projector; tenants made with the admin commands)', () => {
  let database: TestDatabase;
  let bus: TestBus;
  let bucket: KV;
  let platform: RunningPlatform;
  let projector: RunningProjector;
  let redis: RedisClient;
  let admin: AddSlackConnectionDeps;
  let publish: (event: Received, options?: PublishOptions) => Promise<unknown>;
  let active: Workspace;
  let activeAgentId: string;

  async function workspace(name: string, rateLimitPerMinute?: number): Promise<Workspace> {
    const teamId = `T0${randomBytes(4).toString('hex').toUpperCase()}`;
    const tenantId = (
      await createTenant(admin, {
        name: `${name} ${teamId}`,
        ...(rateLimitPerMinute === undefined ? {} : { rateLimitPerMinute }),
      })
    ).id;
    const connectionId = (
      await addSlackConnection(admin, {
        tenantId,
        teamId,
        botUserId: 'U0BOT',
        botToken: `xoxb-${randomBytes(12).toString('hex')}`,
      })
    ).id;
    await eventuallyWithin(
      () =>
        database.ownerDb
          .selectFrom('channel_connections')
          .select('connection_id')
          .where('connection_id', '=', connectionId)
          .executeTakeFirst(),
      'the connection in the read model',
    );
    return { tenantId, teamId, connectionId };
  }

  async function agent(tenantId: string, name: string): Promise<string> {
    const agentId = newEventId();
    await configureAgent(admin, { tenantId, agentId, name, role: 'Support' });
    await eventuallyWithin(
      () =>
        database.ownerDb
          .selectFrom('agents')
          .select('agent_id')
          .where('agent_id', '=', agentId)
          .executeTakeFirst(),
      'the agent in the read model',
    );
    return agentId;
  }

  /** Deactivates the agent and waits until the read model shows it. */
  async function deactivated(tenantId: string, agentId: string): Promise<void> {
    await deactivateAgent(admin, { tenantId, agentId });
    await eventuallyWithin(
      () =>
        database.ownerDb
          .selectFrom('agents')
          .select('active')
          .where('agent_id', '=', agentId)
          .where('active', '=', false)
          .executeTakeFirst(),
      'the deactivation in the read model',
    );
  }

  function slackMessage(
    ws: Workspace,
    options: { channelId?: string; ts?: string; threadTs?: string; mentioned?: boolean } = {},
  ): Received {
    return slackMessageReceived({
      ...options,
      tenantId: ws.tenantId,
      teamId: ws.teamId,
      connectionId: ws.connectionId,
      ts: options.ts ?? `17000${randomBytes(3).readUIntBE(0, 3)}.000100`,
    });
  }

  async function outcomes(event: Received) {
    const jsm = await jetstreamManager(bus.nc);
    const ref = { tenantId: event.tenantId, data: { conversationId: event.data.conversationId } };
    const read = async (type: 'message.routed' | 'message.rejected') => {
      const subject =
        type === 'message.routed'
          ? bus.subjects.of(MessageRouted, { type, ...ref })
          : bus.subjects.of(MessageRejected, { type, ...ref });
      const info = await jsm.streams.info(bus.subjects.streams.events, {
        subjects_filter: subject,
      });
      const count = info.state.subjects?.[subject] ?? 0;
      if (count === 0) return { count, last: undefined, traceparent: undefined };
      const message = await jsm.streams.getMessage(bus.subjects.streams.events, {
        last_by_subj: subject,
      });
      return {
        count,
        last: message?.json<{ id: string; data: Record<string, unknown> }>(),
        traceparent: message?.header.get(BusHeaders.traceparent),
      };
    };
    return { routed: await read('message.routed'), rejected: await read('message.rejected') };
  }

  /** Waits for the single outcome of `event` (routed or rejected). */
  const outcomeOf = (event: Received) =>
    eventuallyWithin(async () => {
      const found = await outcomes(event);
      return found.routed.count + found.rejected.count > 0 ? found : undefined;
    }, `the outcome of ${event.id}`);

  /** Waits until the router has settled everything published so far. */
  const settled = () =>
    eventuallyWithin(async () => {
      const jsm = await jetstreamManager(bus.nc);
      const info = await jsm.consumers.info(
        bus.subjects.streams.events,
        bus.subjects.durable(ROUTER_CONSUMER),
      );
      return info.num_pending === 0 && info.num_ack_pending === 0 ? true : undefined;
    }, 'the router to settle');

  beforeAll(async () => {
    database = await createTestDatabase();
    bus = await createTestBus({ streams: false });
    const config = loadConfig(routerProcessEnvSchema, {
      NATS_URL: serviceUrls().natsUrl,
      DATABASE_URL: database.ownerUrl,
      REDIS_URL: serviceUrls().redisUrl,
      KONSTRUCT_NAMESPACE: bus.namespace,
      OPS_PORT: '0',
      LOG_LEVEL: 'silent',
    });
    platform = await runPlatform({
      config,
      services: [createRouterService(() => routerSettings(config))],
      processName: 'router',
    });
    redis = createRedis({ url: serviceUrls().redisUrl, connectionName: bus.namespace });
    projector = await startProjector({
      nc: bus.nc,
      db: database.appDb,
      subjects: bus.subjects,
      logger: silentLogger(),
    });
    bucket = await openAdminBucket(bus.nc, bus.subjects, 1);
    const publisher = createPublisher({
      nc: bus.nc,
      subjects: bus.subjects,
      logger: silentLogger(),
    });
    admin = {
      nc: bus.nc,
      subjects: bus.subjects,
      publisher,
      bucket,
      keyring: createKeyring({ current: randomBytes(32).toString('base64') }),
    };
    publish = (event, options) => publisher.publish(event, options);
    active = await workspace('Acme');
    activeAgentId = await agent(active.tenantId, 'Mara');
  }, 60_000);

  afterAll(async () => {
    await platform?.stop();
    await projector?.stop();
    await bucket?.destroy();
    if (redis !== undefined) {
      await deleteKeysMatching(redis, redisKeys(bus.namespace).namespaceKeyPattern());
      await redis.quit();
    }
    await bus?.cleanup();
    await database?.drop();
  });

  test('a mention for a tenant with an active agent becomes one message.routed, in its trace', async () => {
    const received = slackMessage(active);
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await publish(received, { traceparent });
    const { routed, rejected } = await outcomeOf(received);
    expect(traceIdOf(routed.traceparent)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(routed.traceparent).not.toBe(traceparent); // the router's own span
    expect(rejected.count).toBe(0);
    expect(routed.count).toBe(1);
    expect(routed.last?.data).toEqual({
      conversationId: received.data.conversationId,
      messageId: received.id,
      agentId: activeAgentId,
      channel: 'slack',
    });
  });

  test('a redelivered message republishes the same event: still one message.routed', async () => {
    const received = slackMessage(active);
    await publish(received);
    const first = await outcomeOf(received);
    // The same event stored again under another message id, as a redelivery hands it over again.
    await jetstream(bus.nc).publish(
      bus.subjects.of(MessageReceived, received),
      JSON.stringify(received),
      {
        msgID: `${received.id}-again`,
        headers: eventHeaders(received, `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`),
      },
    );
    await settled();
    const second = await outcomes(received);
    expect(second.routed.count).toBe(1);
    expect(second.rejected.count).toBe(0);
    expect(second.routed.last?.id).toBe(first.routed.last?.id);
  });

  test('a tenant whose only agent is inactive: rejected agent_inactive', async () => {
    const ws = await workspace('Idle');
    const agentId = await agent(ws.tenantId, 'Alex');
    await deactivated(ws.tenantId, agentId);
    const received = slackMessage(ws);
    await publish(received);
    const { routed, rejected } = await outcomeOf(received);
    expect(routed.count).toBe(0);
    expect(rejected.last?.data).toMatchObject({ reason: 'agent_inactive', messageId: received.id });
  });

  test('cached routing facts follow admin events: agent deactivated, then connection removed', async () => {
    const ws = await workspace('Changing');
    const agentId = await agent(ws.tenantId, 'Noor');
    const before = slackMessage(ws);
    await publish(before);
    expect((await outcomeOf(before)).routed.count).toBe(1);
    await deactivated(ws.tenantId, agentId);
    const afterDeactivation = slackMessage(ws);
    await publish(afterDeactivation);
    expect((await outcomeOf(afterDeactivation)).rejected.last?.data).toMatchObject({
      reason: 'agent_inactive',
    });
    await removeConnection(admin, { tenantId: ws.tenantId, connectionId: ws.connectionId });
    await eventuallyWithin(
      () =>
        database.ownerDb
          .selectFrom('channel_connections')
          .select('status')
          .where('connection_id', '=', ws.connectionId)
          .where('status', '=', 'removed')
          .executeTakeFirst(),
      'the removal in the read model',
    );
    const afterRemoval = slackMessage(ws);
    await publish(afterRemoval);
    expect((await outcomeOf(afterRemoval)).rejected.last?.data).toMatchObject({
      reason: 'connection_removed',
    });
  });

  test('cached routing facts follow admin events: a new active agent, then a lowered threshold', async () => {
    const ws = await workspace('Growing', 30);
    const firstAgentId = await agent(ws.tenantId, 'Ira');
    const first = slackMessage(ws);
    await publish(first);
    expect((await outcomeOf(first)).routed.last?.data).toMatchObject({ agentId: firstAgentId });

    await deactivated(ws.tenantId, firstAgentId);
    const secondAgentId = await agent(ws.tenantId, 'Noa');
    const second = slackMessage(ws);
    await publish(second);
    expect((await outcomeOf(second)).routed.last?.data).toMatchObject({ agentId: secondAgentId });

    await updateTenant(admin, { tenantId: ws.tenantId, rateLimitPerMinute: 3 });
    await eventuallyWithin(
      () =>
        database.ownerDb
          .selectFrom('tenants')
          .select('tenant_id')
          .where('tenant_id', '=', ws.tenantId)
          .where('rate_limit_per_minute', '=', 3)
          .executeTakeFirst(),
      'the new threshold in the read model',
    );
    // Two points are spent; the third message is within 3, the fourth over it.
    const third = slackMessage(ws);
    await publish(third);
    expect((await outcomeOf(third)).routed.count).toBe(1);
    const fourth = slackMessage(ws);
    await publish(fourth);
    const rejected = (await outcomeOf(fourth)).rejected.last?.data;
    expect(rejected).toMatchObject({ reason: 'rate_limited', scope: 'tenant' });
    expect(rejected?.detail).toContain('limit of 3 messages');
  });

  test('a deleted tenant: rejected tenant_deleted', async () => {
    const ws = await workspace('Gone');
    await agent(ws.tenantId, 'Sam');
    await deleteTenant(admin, { tenantId: ws.tenantId });
    await eventuallyWithin(
      () =>
        database.ownerDb
          .selectFrom('tenants')
          .select('status')
          .where('tenant_id', '=', ws.tenantId)
          .where('status', '=', 'deleted')
          .executeTakeFirst(),
      'the deletion in the read model',
    );
    const received = slackMessage(ws);
    await publish(received);
    expect((await outcomeOf(received)).rejected.last?.data).toMatchObject({
      reason: 'tenant_deleted',
    });
  });

  test('the 31st message in a minute at limit 30 is rejected rate_limited; other tenants are unaffected', async () => {
    const busy = await workspace('Busy', 30);
    await agent(busy.tenantId, 'Kim');
    const messages = Array.from({ length: 31 }, (_, index) =>
      slackMessage(busy, { ts: `1700001000.${String(index).padStart(6, '0')}` }),
    );
    for (const message of messages) await publish(message);
    const results = await Promise.all(messages.map(outcomeOf));
    const rejected = results.filter((result) => result.rejected.count === 1);
    expect(results.filter((result) => result.routed.count === 1)).toHaveLength(30);
    expect(rejected).toHaveLength(1);
    const data = rejected[0]?.rejected.last?.data;
    expect(data).toMatchObject({ reason: 'rate_limited', scope: 'tenant' });
    expect(data?.retryAfterMs).toBeGreaterThan(0);
    expect(data?.retryAfterMs).toBeLessThanOrEqual(60_000);

    // Another tenant, in a channel with the same id, still has all of its points.
    const other = slackMessage(active);
    await publish(other);
    expect((await outcomeOf(other)).routed.count).toBe(1);
  });

  test('a reply without a mention is routed in an engaged thread and ignored in another', async () => {
    const root = '1700002000.000100';
    const mention = slackMessage(active, { ts: root });
    await publish(mention);
    expect((await outcomeOf(mention)).routed.count).toBe(1);

    const followUp = slackMessage(active, {
      ts: '1700002001.000100',
      threadTs: root,
      mentioned: false,
    });
    await publish(followUp);
    expect((await outcomeOf(followUp)).routed.count).toBe(1);

    const stranger = slackMessage(active, {
      ts: '1700002101.000100',
      threadTs: '1700002100.000100',
      mentioned: false,
    });
    await publish(stranger);
    await settled();
    const ignored = await outcomes(stranger);
    expect(ignored.routed.count + ignored.rejected.count).toBe(0);
  });
  test('messages of one thread arriving together are routed in the order they arrived', async () => {
    const root = '1700003000.000100';
    const mention = slackMessage(active, { ts: root });
    await publish(mention);
    await outcomeOf(mention);
    // a plain reply (its decision reads more from Redis: is its thread engaged, is an earlier
    // reply held) and a mention right behind it: decided at once, the mention would finish first
    const reply = slackMessage(active, {
      ts: '1700003001.000100',
      threadTs: root,
      mentioned: false,
    });
    const again = slackMessage(active, { ts: '1700003002.000100', threadTs: root });
    await Promise.all([publish(reply), publish(again)]);
    await outcomeOf(reply);
    await outcomeOf(again);
    await settled();
    const routedOrder: string[] = [];
    for await (const entry of readEventsOfType({
      nc: bus.nc,
      subjects: bus.subjects,
      definition: MessageRouted,
      tenantId: active.tenantId,
      about: { conversationId: mention.data.conversationId },
      signal: AbortSignal.timeout(5_000),
    })) {
      if (entry.ok && entry.event.type === 'message.routed') {
        routedOrder.push(entry.event.data.messageId);
      }
    }
    expect(routedOrder).toEqual([mention.id, reply.id, again.id]);
  });
});
