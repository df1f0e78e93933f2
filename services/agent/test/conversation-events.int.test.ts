import { createPublisher, createReaction, silentLogger } from '@konstruct/bus';
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

  const deps = () => ({ nc: bus.nc, subjects: bus.subjects, logger: silentLogger() });

  const received = slackMessageReceived;
  const routedFor = (message: Received) => routedTo(message, newEventId());

  test('every type is read and merged in stream order; another tenant’s events never appear', async () => {
    const tenantId = newEventId();
    const conversationId = newEventId();
    const first = received(tenantId, conversationId, 'first');
    const firstRouted = routedFor(first);
    const answer = createReaction(ReplyCompleted, firstRouted, 'agent.reply.completed', {
      conversationId,
      replyId: newEventId(),
      messageId: first.id,
      agentId: firstRouted.data.agentId,
      text: 'the first answer',
      finishReason: 'stop',
      model: 'loopback',
      usage: { inputTokens: 1, outputTokens: 1, estimated: false },
    });
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
});
