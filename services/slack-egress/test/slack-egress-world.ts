/**
 * The world the slack-egress integration tests run in: real NATS, Postgres and Redis (a
 * namespace and database of their own), the projector, the loopback Slack Web API, slack-egress
 * started as the platform starts it, and tenants and Slack connections made with the admin
 * commands. Events are published as the router and the agent would publish them: stored ones
 * through the publisher, reply deltas on core NATS.
 */
import { randomBytes } from 'node:crypto';
import {
  type AddSlackConnectionDeps,
  addSlackConnection,
  createTenant,
} from '@konstruct/admin-commands';
import { createPublisher, createReaction, eventHeaders, silentLogger } from '@konstruct/bus';
import { loadConfig } from '@konstruct/config';
import { openAdminBucket } from '@konstruct/event-store';
import { type RunningProjector, startProjector } from '@konstruct/projections';
import { createRedis, deleteKeysMatching, type RedisClient, redisKeys } from '@konstruct/redis';
import { type RunningPlatform, runPlatform } from '@konstruct/runtime';
import {
  createEvent,
  type EventOf,
  type MessageReceived,
  MessageRejected,
  MessageRouted,
  newEventId,
  ReplyCompleted,
  ReplyDelta,
  ReplyFailed,
  ReplyStarted,
} from '@konstruct/schemas';
import { createKeyring } from '@konstruct/secrets';
import {
  createTestBus,
  createTestDatabase,
  eventually,
  type SlackWebApi,
  serviceUrls,
  slackMessageReceived,
  startSlackWebApi,
  type TestBus,
  type TestDatabase,
} from '@konstruct/testing';
import { jetstream } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { createEgressStore, type EgressStore } from '../src/egress-store.ts';
import {
  createSlackEgressService,
  slackEgressProcessEnvSchema,
  slackEgressSettings,
} from '../src/index.ts';

export type Received = EventOf<typeof MessageReceived>;
export type Started = EventOf<typeof ReplyStarted>;

export interface Workspace {
  readonly tenantId: string;
  readonly teamId: string;
  readonly connectionId: string;
  readonly botToken: string;
}

export interface EgressWorld {
  readonly slack: SlackWebApi;
  readonly redis: RedisClient;
  readonly store: EgressStore;
  readonly bus: TestBus;
  workspace(name: string): Promise<Workspace>;
  /**
   * A stored `message.received` from Slack user `UANA` in a new thread of `channelId`, or a
   * follow-up in the thread (and conversation) of `inThreadOf`.
   */
  received(
    ws: Workspace,
    options?: { channelId?: string; inThreadOf?: Received },
  ): Promise<Received>;
  routed(received: Received): Promise<EventOf<typeof MessageRouted>>;
  rejected(received: Received): Promise<EventOf<typeof MessageRejected>>;
  /**
   * Publishes the message's `reply.started`; `before` runs first, with the event, to leave what
   * a dead instance would have left before slack-egress sees it (no race with its handling).
   */
  started(
    received: Received,
    options?: { before?: (started: Started) => Promise<void> },
  ): Promise<Started>;
  /** Waits until slack-egress owns the reply (claimed, subscribed). */
  owned(started: Started): Promise<void>;
  delta(started: Started, index: number, text: string): void;
  completed(started: Started, text: string): Promise<void>;
  failed(started: Started, referenceId: string): Promise<void>;
  /** Stores the same event again under another message id, as a redelivery hands it over. */
  republish(
    event: Started | EventOf<typeof MessageRouted> | EventOf<typeof MessageRejected>,
  ): Promise<void>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startEgressWorld(): Promise<EgressWorld> {
  const database: TestDatabase = await createTestDatabase();
  const bus = await createTestBus({ streams: false });
  const slack = await startSlackWebApi();
  const secretKey = randomBytes(32).toString('base64');
  const config = loadConfig(slackEgressProcessEnvSchema, {
    NATS_URL: serviceUrls().natsUrl,
    DATABASE_URL: database.ownerUrl,
    REDIS_URL: serviceUrls().redisUrl,
    KONSTRUCT_NAMESPACE: bus.namespace,
    KONSTRUCT_SECRET_KEY: secretKey,
    SLACK_API_URL: slack.url,
    SLACK_EGRESS_IDLE_TIMEOUT: '5s',
    OPS_PORT: '0',
    LOG_LEVEL: 'silent',
  });
  const platform: RunningPlatform = await runPlatform({
    config,
    services: [createSlackEgressService(() => slackEgressSettings(config))],
    processName: 'slack-egress',
  });
  const redis = createRedis({ url: serviceUrls().redisUrl, connectionName: bus.namespace });
  const keys = redisKeys(bus.namespace);
  const projector: RunningProjector = await startProjector({
    nc: bus.nc,
    db: database.appDb,
    subjects: bus.subjects,
    logger: silentLogger(),
  });
  const bucket: KV = await openAdminBucket(bus.nc, bus.subjects, 1);
  const publisher = createPublisher({ nc: bus.nc, subjects: bus.subjects, logger: silentLogger() });
  const admin: AddSlackConnectionDeps = {
    nc: bus.nc,
    subjects: bus.subjects,
    publisher,
    bucket,
    keyring: createKeyring({ current: secretKey }),
  };
  const agentId = newEventId();
  let tsCounter = 0;
  const replyRef = (received: Received) => ({
    conversationId: received.data.conversationId,
    messageId: received.id,
    agentId,
  });
  const startedRefs = new Map<string, Received>();

  return {
    slack,
    redis,
    store: createEgressStore(redis, keys),
    bus,
    async workspace(name) {
      const teamId = `T0${randomBytes(4).toString('hex').toUpperCase()}`;
      const botToken = `xoxb-${randomBytes(12).toString('hex')}`;
      slack.addWorkspace({ teamId, botToken });
      const tenantId = (await createTenant(admin, { name: `${name} ${teamId}` })).id;
      const connectionId = (
        await addSlackConnection(admin, { tenantId, teamId, botUserId: 'U0BOT', botToken })
      ).id;
      await eventually(
        () =>
          database.ownerDb
            .selectFrom('channel_connections')
            .select('connection_id')
            .where('connection_id', '=', connectionId)
            .executeTakeFirst(),
        'the connection in the read model',
        { attempts: 150 },
      );
      return { tenantId, teamId, connectionId, botToken };
    },
    async received(ws, options = {}) {
      tsCounter += 1;
      const root = options.inThreadOf?.data.metadata;
      const channelId =
        root?.channel === 'slack' ? root.channelId : (options.channelId ?? 'C0GENERAL');
      const ts = `1700000000.${String(tsCounter).padStart(6, '0')}`;
      const threadTs = root?.channel === 'slack' ? root.threadTs : ts;
      const event = slackMessageReceived({
        tenantId: ws.tenantId,
        teamId: ws.teamId,
        channelId,
        ts,
        threadTs,
        connectionId: ws.connectionId,
        senderId: 'UANA',
      });
      await publisher.publish(event);
      return event;
    },
    async routed(received) {
      const event = createReaction(MessageRouted, received, 'router', {
        ...replyRef(received),
        channel: 'slack',
      });
      await publisher.publish(event);
      return event;
    },
    async rejected(received) {
      const event = createReaction(MessageRejected, received, 'router', {
        conversationId: received.data.conversationId,
        messageId: received.id,
        channel: 'slack',
        reason: 'rate_limited',
        scope: 'tenant',
        retryAfterMs: 30_000,
        detail: 'over 30 messages a minute',
      });
      await publisher.publish(event);
      return event;
    },
    async started(received, options) {
      const event = createEvent(
        ReplyStarted,
        { tenantId: received.tenantId, causedBy: received },
        { ...replyRef(received), replyId: newEventId() },
      );
      startedRefs.set(event.data.replyId, received);
      await options?.before?.(event);
      await publisher.publish(event);
      return event;
    },
    async owned(started) {
      const claim = keys.tenantKey(started.tenantId, 'egress-claim', started.data.replyId);
      await eventually(
        async () => ((await redis.exists(claim)) === 1 ? true : undefined),
        'slack-egress to own the reply',
      );
      await sleep(150);
    },
    delta(started, index, text) {
      const event = createEvent(
        ReplyDelta,
        { tenantId: started.tenantId, causedBy: started },
        { ...started.data, index, text },
      );
      bus.nc.publish(bus.subjects.of(ReplyDelta, event), JSON.stringify(event));
    },
    async completed(started, text) {
      await publisher.publish(
        createReaction(ReplyCompleted, started, 'test-completed', {
          ...started.data,
          text,
          finishReason: 'stop',
          model: 'loopback',
          usage: { inputTokens: 10, outputTokens: 20, estimated: false },
        }),
      );
    },
    async failed(started, referenceId) {
      await publisher.publish(
        createReaction(ReplyFailed, started, 'test-failed', {
          ...started.data,
          errorCode: 'all_providers_failed',
          userMessage: 'I could not reach my language model.',
          referenceId,
        }),
      );
    },
    async republish(event) {
      const subject =
        event.type === 'reply.started'
          ? bus.subjects.of(ReplyStarted, event)
          : event.type === 'message.routed'
            ? bus.subjects.of(MessageRouted, event)
            : bus.subjects.of(MessageRejected, event);
      await jetstream(bus.nc).publish(subject, JSON.stringify(event), {
        msgID: `${event.id}-again-${newEventId()}`,
        headers: eventHeaders(event, `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`),
      });
    },
    async close() {
      await platform.stop();
      await projector.stop();
      await bucket.destroy();
      await deleteKeysMatching(redis, keys.namespaceKeyPattern());
      await redis.quit();
      await slack.close();
      await bus.cleanup();
      await database.drop();
    },
  };
}
