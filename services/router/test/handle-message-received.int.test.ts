import { randomBytes } from 'node:crypto';
import { createPublisher, silentLogger } from '@konstruct/bus';
import { createEventsOfTypeCache } from '@konstruct/event-store';
import type { RoutingFacts } from '@konstruct/read-model';
import {
  type EventOf,
  type KonstructEvent,
  type MessageReceived,
  newEventId,
} from '@konstruct/schemas';
import {
  countSocketWrites,
  createTestBus,
  createTestRedis,
  serviceUrls,
  slackMessageReceived,
  type TestBus,
  type TestRedis,
} from '@konstruct/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hasPendingEarlierMention } from '../src/earlier-mentions.ts';
import { createEngagedThreads } from '../src/engaged-threads.ts';
import {
  type Delivery,
  handleMessageReceived,
  type RouterDeps,
} from '../src/handle-message-received.ts';
import { createHeldReplies } from '../src/held-replies.ts';
import { createRateLimitLedger } from '../src/rate-limit-ledger.ts';
import { createRateLimits } from '../src/rate-limits.ts';

type Received = EventOf<typeof MessageReceived>;

/**
 * The handler with its real adapters (Redis limits, ledger and threads; the stream for earlier
 * mentions), given the read model's facts directly and a publish that records (or fails).
 */
describe('routing one message (real NATS and Redis; the read model given)', () => {
  let bus: TestBus;
  let redis: TestRedis;
  const published: KonstructEvent[] = [];
  let failNextPublish = false;
  const agentId = newEventId();

  const facts = (rateLimitPerMinute = 30): RoutingFacts => ({
    tenant: { status: 'active', rateLimitPerMinute },
    connection: { status: 'active', agentId: null },
    namedAgent: undefined,
    defaultAgent: { agentId, active: true },
  });

  function deps(readFacts: () => RoutingFacts): RouterDeps {
    const readEvents = createEventsOfTypeCache().read;
    return {
      readFacts: async () => readFacts(),
      threads: createEngagedThreads(redis.client, redis.keys),
      rateLimits: createRateLimits(redis.client, redis.keys),
      ledger: createRateLimitLedger(redis.client, redis.keys),
      held: createHeldReplies(redis.client, redis.keys),
      pendingMention: (reply) =>
        hasPendingEarlierMention({ nc: bus.nc, subjects: bus.subjects, readEvents }, reply),
      publish: async (event) => {
        if (failNextPublish) {
          failNextPublish = false;
          throw new Error('NATS did not acknowledge');
        }
        published.push(event);
      },
    };
  }

  const signal = new AbortController().signal;
  let sequence = 0;
  /** Deliveries of one message: its stream sequence stays, the attempt counts. */
  const deliveriesOf = (at = ++sequence) => ({
    first: { signal, redelivered: false, last: false, sequence: at, attempt: 0 } as Delivery,
    again: { signal, redelivered: true, last: false, sequence: at, attempt: 1 } as Delivery,
    last: { signal, redelivered: true, last: true, sequence: at, attempt: 4 } as Delivery,
  });
  const { first, again, last } = deliveriesOf();

  function message(
    tenantId: string,
    options: { threadTs: string; ts?: string; mentioned: boolean },
  ): Received {
    const { threadTs, mentioned } = options;
    const ts = options.ts ?? threadTs;
    return slackMessageReceived({
      tenantId,
      threadTs,
      ts,
      mentioned,
      connectionId: newEventId(),
      text: 'hello',
    });
  }

  const threadTs = () => `17000${randomBytes(3).readUIntBE(0, 3)}.000100`;

  let publisher: ReturnType<typeof createPublisher>;
  beforeAll(async () => {
    bus = await createTestBus();
    redis = createTestRedis();
    publisher = createPublisher({ nc: bus.nc, subjects: bus.subjects, logger: silentLogger() });
  });

  /** Stores the router's outcome for `message` (as the real publish would), found in `published`. */
  async function storeOutcome(type: 'message.routed' | 'message.rejected', message: Received) {
    const outcome = published.find(
      (event) => event.type === type && event.data.messageId === message.id,
    );
    if (outcome === undefined) throw new Error(`no ${type} for the message`);
    await publisher.publish(outcome);
  }
  afterAll(async () => {
    await redis.cleanup();
    await bus.cleanup();
  });

  test('a routed mention takes two Redis round trips: its rate-limit points, then its verdicts and its thread engaged together', async () => {
    const handle = deps(() => facts());
    const redisPort = Number(new URL(serviceUrls().redisUrl).port || 6379);
    // the limiter's script is loaded by a first message
    await handleMessageReceived(
      handle,
      message(newEventId(), { threadTs: threadTs(), mentioned: true }),
      deliveriesOf().first,
    );
    const tenantId = newEventId();
    const mention = message(tenantId, { threadTs: threadTs(), mentioned: true });
    const { first: delivery } = deliveriesOf();

    const writes = await countSocketWrites(redisPort, async () => {
      const outcome = await handleMessageReceived(handle, mention, delivery);
      expect(outcome).toMatchObject({ kind: 'decided', decision: { kind: 'routed' } });
    });

    expect(writes).toBe(2);
    expect(await handle.ledger.recall(tenantId, mention.id)).toHaveLength(2);
    expect(await handle.threads.isEngaged(tenantId, mention.data.conversationId)).toBe(true);
  });

  test('a redelivery after a failed publish reuses its verdicts: no second rate-limit point', async () => {
    const tenantId = newEventId();
    const handle = deps(() => facts(1));
    const received = message(tenantId, { threadTs: threadTs(), mentioned: true });
    failNextPublish = true;
    await expect(handleMessageReceived(handle, received, first)).rejects.toThrow(
      'NATS did not acknowledge',
    );
    const outcome = await handleMessageReceived(handle, received, again);
    expect(outcome).toMatchObject({ kind: 'decided', decision: { kind: 'routed' } });
    // the limit of 1 was spent once, by that message: the next one is over it
    const next = await handleMessageReceived(
      handle,
      message(tenantId, { threadTs: threadTs(), mentioned: true }),
      first,
    );
    expect(next).toMatchObject({ decision: { kind: 'rejected', reason: 'rate_limited' } });
  });

  test('a tenant or connection the read model does not hold yet is retried, and rejected on the last delivery', async () => {
    const tenantId = newEventId();
    const received = message(tenantId, { threadTs: threadTs(), mentioned: true });
    const noTenant = deps(() => ({ ...facts(), tenant: undefined }));
    expect(await handleMessageReceived(noTenant, received, first)).toMatchObject({
      kind: 'retry',
    });
    expect(await handleMessageReceived(noTenant, received, last)).toMatchObject({
      decision: { kind: 'rejected', reason: 'tenant_deleted' },
    });
    const noConnection = deps(() => ({ ...facts(), connection: undefined }));
    expect(await handleMessageReceived(noConnection, received, first)).toMatchObject({
      kind: 'retry',
    });
    expect(await handleMessageReceived(noConnection, received, last)).toMatchObject({
      decision: { kind: 'rejected', reason: 'connection_removed' },
    });
  });

  test('a reply racing its thread’s first mention is retried, then routed once the mention is', async () => {
    const tenantId = newEventId();
    const handle = deps(() => facts());
    const root = threadTs();
    const mention = message(tenantId, { threadTs: root, mentioned: true });
    const reply = message(tenantId, { threadTs: root, ts: threadTs(), mentioned: false });
    await publisher.publish(mention);
    await publisher.publish(reply);
    // the mention's handler has not finished: no outcome stored, thread not engaged yet
    expect(await handleMessageReceived(handle, reply, first)).toMatchObject({ kind: 'retry' });
    const mentionOutcome = await handleMessageReceived(handle, mention, first);
    expect(mentionOutcome).toMatchObject({ decision: { kind: 'routed' } });
    await storeOutcome('message.routed', mention);
    expect(await handleMessageReceived(handle, reply, again)).toMatchObject({
      decision: { kind: 'routed' },
    });
  });

  test('a reply held back for its mention keeps its place: a later reply of the thread waits behind it', async () => {
    const tenantId = newEventId();
    const handle = deps(() => facts());
    const root = threadTs();
    const mention = message(tenantId, { threadTs: root, mentioned: true });
    const r1 = message(tenantId, { threadTs: root, ts: threadTs(), mentioned: false });
    const r2 = message(tenantId, { threadTs: root, ts: threadTs(), mentioned: false });
    for (const event of [mention, r1, r2]) await publisher.publish(event);
    const [m, one, two] = [deliveriesOf(), deliveriesOf(), deliveriesOf()];
    if (m === undefined || one === undefined || two === undefined) throw new Error('unreachable');
    const routedOrder: string[] = [];
    const decide = async (event: Received, delivery: Delivery) => {
      const outcome = await handleMessageReceived(handle, event, delivery);
      if (outcome.kind === 'decided' && outcome.decision.kind === 'routed') {
        routedOrder.push(event === mention ? 'M' : event === r1 ? 'R1' : 'R2');
      }
      return outcome;
    };
    expect(await decide(r1, one.first)).toMatchObject({ kind: 'retry' });
    expect(await decide(mention, m.first)).toMatchObject({ decision: { kind: 'routed' } });
    await storeOutcome('message.routed', mention);
    // the thread is engaged now, but R1 is still waiting for its retry
    expect(await decide(r2, two.first)).toMatchObject({ kind: 'retry' });
    await decide(r1, one.again);
    await decide(r2, two.again);
    expect(routedOrder).toEqual(['M', 'R1', 'R2']);
  });

  test('a reply in a thread nobody mentioned the agent in is ignored at once', async () => {
    const tenantId = newEventId();
    const handle = deps(() => facts());
    const root = threadTs();
    const talk = message(tenantId, { threadTs: root, mentioned: false });
    const reply = message(tenantId, { threadTs: root, ts: threadTs(), mentioned: false });
    await publisher.publish(talk);
    await publisher.publish(reply);
    expect(await handleMessageReceived(handle, reply, first)).toMatchObject({
      decision: { kind: 'ignored' },
    });
  });

  test('a mention that was rejected no longer holds its thread’s replies back', async () => {
    const tenantId = newEventId();
    const root = threadTs();
    const mention = message(tenantId, { threadTs: root, mentioned: true });
    const reply = message(tenantId, { threadTs: root, ts: threadTs(), mentioned: false });
    await publisher.publish(mention);
    const rejectAll = deps(() => ({ ...facts(), defaultAgent: undefined }));
    await handleMessageReceived(rejectAll, mention, first);
    await storeOutcome('message.rejected', mention);
    await publisher.publish(reply);
    expect(await handleMessageReceived(rejectAll, reply, first)).toMatchObject({
      decision: { kind: 'ignored' },
    });
  });
});
