/**
 * The handler's way out when a message cannot be answered, over in-memory adapters (the stored
 * conversation, the agent lookup, a publish that records): on its last delivery the person gets
 * `reply.started` then `reply.failed` — channels follow a reply from its start, so a failure
 * without one would never be shown — and earlier deliveries are retried with nothing published.
 */
import { type HandlerContext, type HandlerOutcome, silentLogger } from '@konstruct/bus';
import { createLlmPool } from '@konstruct/llm';
import {
  createEvent,
  type KonstructEvent,
  MessageReceived,
  MessageRouted,
  newEventId,
} from '@konstruct/schemas';
import { describe, expect, test } from 'vitest';
import { replyIdOf } from './generate-reply.ts';
import {
  type AgentDeps,
  type AnsweringAgent,
  handleMessageRouted,
  tellUnanswered,
} from './handle-message-routed.ts';
import { createWaitingSlots } from './waiting-slots.ts';

const MAX_DELIVER = 5;
const tenantId = newEventId();
const conversationId = newEventId();
const agentId = newEventId();

const received = createEvent(
  MessageReceived,
  { tenantId },
  {
    conversationId,
    connectionId: null,
    sender: { id: 'U1', displayName: 'Ana', isBot: false },
    text: 'hello?',
    metadata: {
      channel: 'web',
      userId: newEventId(),
      agentId,
      clientMessageId: newEventId(),
    },
  },
);
const routed = createEvent(
  MessageRouted,
  { tenantId, causedBy: received },
  { conversationId, messageId: received.id, agentId, channel: 'web' },
);

function setUp(
  readAgent: AgentDeps['readAgent'],
  conversation: readonly KonstructEvent[] = [received, routed],
  waitingSlots = createWaitingSlots(1),
) {
  const published: KonstructEvent[] = [];
  const deps: AgentDeps = {
    // never asked here: every case ends before the LLM call
    pool: createLlmPool(
      {
        deployments: [
          {
            name: 'unused',
            provider: 'ollama',
            model: 'unused',
            baseUrl: 'http://127.0.0.1:9',
            timeouts: { connectMs: 100, totalMs: 100 },
            price: { inputPerMillionUsd: 0, outputPerMillionUsd: 0 },
          },
        ],
        groups: { fast: { deployments: ['unused'] }, quality: { deployments: ['unused'] } },
      },
      { env: {} },
    ),
    publish: async (event) => {
      published.push(event);
    },
    deltaIntervalMs: 50,
    settings: {
      concurrency: 1,
      historyTokens: 1_000,
      maxReplyTokens: 100,
      orderStaleAfterMs: 60_000,
      deltaIntervalMs: 50,
    },
    readConversation: async () => [...conversation],
    watchReplies: () => {
      throw new Error('nothing earlier to wait for');
    },
    readAgent,
    stopping: new AbortController().signal,
    maxDeliver: MAX_DELIVER,
    waitingSlots,
  };
  const contextOf = (deliveryCount: number): HandlerContext => ({
    streamSequence: 2,
    deliveryCount,
    subject: 'test',
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    logger: silentLogger(),
    signal: new AbortController().signal,
  });
  const handle = (deliveryCount: number, message = routed): Promise<HandlerOutcome> =>
    handleMessageRouted(deps, message, contextOf(deliveryCount));
  const exhausted = () => tellUnanswered(deps, routed, contextOf(MAX_DELIVER + 1));
  return { handle, exhausted, published };
}

const failureOf = (published: readonly KonstructEvent[]) => {
  const failed = published.find((event) => event.type === 'reply.failed');
  return failed?.type === 'reply.failed' ? failed.data : undefined;
};

describe('a message the agent cannot answer', () => {
  test('an agent the read model lacks is retried; on the last delivery the reply starts and fails', async () => {
    const { handle, published } = setUp(async () => undefined);
    expect(await handle(1)).toMatchObject({ kind: 'retry' });
    expect(published).toEqual([]);
    expect(await handle(MAX_DELIVER)).toEqual({ kind: 'ack' });
    expect(published.map((event) => event.type)).toEqual(['reply.started', 'reply.failed']);
    expect(failureOf(published)).toMatchObject({
      errorCode: 'agent_not_found',
      replyId: replyIdOf(routed),
      referenceId: replyIdOf(routed),
    });
  });

  test('a handler that keeps failing rejects (and is retried) until its last delivery, which tells the person and gives up for the dead letters', async () => {
    const { handle, published } = setUp(async (): Promise<AnsweringAgent | undefined> => {
      throw new Error('read model unreachable');
    });
    await expect(handle(MAX_DELIVER - 1)).rejects.toThrow('read model unreachable');
    expect(published).toEqual([]);
    const outcome = await handle(MAX_DELIVER);
    expect(outcome).toMatchObject({ kind: 'give_up' });
    expect(outcome.kind === 'give_up' ? outcome.reason : '').toContain(replyIdOf(routed));
    expect(published.map((event) => event.type)).toEqual(['reply.started', 'reply.failed']);
    expect(failureOf(published)).toMatchObject({
      errorCode: 'internal_error',
      referenceId: replyIdOf(routed),
    });
    expect(failureOf(published)?.userMessage).not.toContain('unreachable');
  });

  test('a message waiting for an earlier one with every waiting slot taken is retried, and answered on its last delivery', async () => {
    const later = createEvent(
      MessageReceived,
      { tenantId },
      { ...received.data, text: 'and another thing' },
    );
    const laterRouted = createEvent(
      MessageRouted,
      { tenantId, causedBy: later },
      { conversationId, messageId: later.id, agentId, channel: 'web' },
    );
    // the earlier message is routed and unanswered; no waiting slot is free
    const { handle, published } = setUp(
      async () => undefined,
      [received, routed, later, laterRouted],
      createWaitingSlots(0),
    );
    expect(await handle(1, laterRouted)).toMatchObject({ kind: 'retry' });
    expect(published).toEqual([]);
    // the last delivery goes on (here to the read model, which lacks the agent: an apology)
    expect(await handle(MAX_DELIVER, laterRouted)).toEqual({ kind: 'ack' });
    expect(published.map((event) => event.type)).toEqual(['reply.started', 'reply.failed']);
  });

  test('a message whose deliveries ran out unanswered (onExhausted) gets a started and failed reply', async () => {
    const { exhausted, published } = setUp(async () => undefined);
    await exhausted();
    expect(published.map((event) => event.type)).toEqual(['reply.started', 'reply.failed']);
    expect(failureOf(published)).toMatchObject({
      errorCode: 'internal_error',
      referenceId: replyIdOf(routed),
    });
  });
});
