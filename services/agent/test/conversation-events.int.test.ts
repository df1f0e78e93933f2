import { createPublisher, createReaction, silentLogger } from '@konstruct/bus';
import { createEventsOfTypeCache, readEventsOfType } from '@konstruct/event-store';
import { newEventId, ReplyCompleted } from '@konstruct/schemas';
import { createTestBus, type TestBus } from '@konstruct/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readConversation } from '../src/conversation-events.ts';
import { type Received, routedTo, slackMessageReceived } from './message-fixtures.ts';

describe('reading a conversation for its reply (real NATS, literal subjects per event type)', () => {
  let bus: TestBus;
  let publish: ReturnType<typeof createPublisher>['publish'];
  const signal = new AbortController().signal;

  beforeAll(async () => {
    bus = await createTestBus();
    publish = createPublisher({
      nc: bus.nc,
      subjects: bus.subjects,
      logger: silentLogger(),
    }).publish;
  });
  afterAll(async () => {
    await bus.cleanup();
  });

  // one cache for the file, as one agent instance has: every read below goes through it
  const cache = createEventsOfTypeCache();
  const deps = () => ({
    nc: bus.nc,
    subjects: bus.subjects,
    logger: silentLogger(),
    readEvents: cache.read,
  });

  const received = slackMessageReceived;
  const routedFor = (message: Received) => routedTo(message, newEventId());
  const answered = (routed: ReturnType<typeof routedFor>, text: string) =>
    createReaction(ReplyCompleted, routed, 'agent.reply.completed', {
      conversationId: routed.data.conversationId,
      replyId: newEventId(),
      messageId: routed.data.messageId,
      agentId: routed.data.agentId,
      text,
      finishReason: 'stop',
      model: 'loopback',
      usage: { inputTokens: 1, outputTokens: 1, estimated: false },
    });

  test('every type is read and merged in stream order; another tenant’s events never appear', async () => {
    const tenantId = newEventId();
    const conversationId = newEventId();
    const first = received(tenantId, conversationId, 'first');
    const firstRouted = routedFor(first);
    const answer = answered(firstRouted, 'the first answer');
    const second = received(tenantId, conversationId, 'second');
    const secondRouted = routedFor(second);
    const stranger = received(newEventId(), conversationId, 'another tenant, same conversation id');
    for (const event of [first, firstRouted, stranger, answer, second, secondRouted]) {
      await publish(event);
    }
    const events = await readConversation(deps(), { tenantId, conversationId }, signal);
    expect(events.map((event) => event.id)).toEqual([
      first.id,
      firstRouted.id,
      answer.id,
      second.id,
      secondRouted.id,
    ]);
  });

  test('reading up to a message keeps the text of every message routed before it, even one received after it', async () => {
    const tenantId = newEventId();
    const conversationId = newEventId();
    // the router answered B's verdict before A's, though B was received first
    const b = received(tenantId, conversationId, 'B');
    const a = received(tenantId, conversationId, 'A');
    const aRouted = routedFor(a);
    const bRouted = routedFor(b);
    const later = received(tenantId, conversationId, 'later');
    const laterRouted = routedFor(later);
    for (const event of [b, a, aRouted, bRouted, later, laterRouted]) await publish(event);
    const events = await readConversation(deps(), { tenantId, conversationId }, signal, {
      routedId: bRouted.id,
      messageId: b.id,
    });
    expect(events.map((event) => event.id)).toEqual([b.id, a.id, aRouted.id, bRouted.id]);
  });

  test('read again as the thread grows, through the cache, it matches a fresh read of the stream', async () => {
    const tenantId = newEventId();
    const conversationId = newEventId();
    const ref = { tenantId, conversationId };
    const uncached = () => ({ ...deps(), readEvents: readEventsOfType });
    const turns: string[][] = [];
    for (const text of ['one', 'two', 'three']) {
      const message = received(tenantId, conversationId, text);
      const routed = routedFor(message);
      await publish(message);
      await publish(routed);
      const until = { routedId: routed.id, messageId: message.id };
      const cached = await readConversation(deps(), ref, signal, until);
      const fresh = await readConversation(uncached(), ref, signal, until);
      expect(cached.map((event) => event.id)).toEqual(fresh.map((event) => event.id));
      turns.push(cached.map((event) => event.id));
      await publish(answered(routed, `answer to ${text}`));
    }
    expect(turns.map((ids) => ids.length)).toEqual([2, 5, 8]);
  });
});
