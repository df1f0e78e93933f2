import { createPublisher, silentLogger } from '@konstruct/bus';
import { createEvent, newEventId, ReplyCompleted } from '@konstruct/schemas';
import { createTestBus, eventually, type TestBus } from '@konstruct/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type EndBuffer, openEndBuffer, type ReplyEnd } from '../src/end-buffer.ts';

describe('end buffer (real NATS)', () => {
  let bus: TestBus;
  let buffer: EndBuffer | undefined;
  beforeEach(async () => {
    bus = await createTestBus();
  });
  afterEach(async () => {
    buffer?.close();
    await bus.cleanup();
  });

  const lastSequence = async () => {
    const jsm = await jetstreamManager(bus.nc);
    return (await jsm.streams.info(bus.subjects.streams.events)).state.last_seq;
  };
  const open = (settleMs = 50) =>
    openEndBuffer(bus.nc, bus.subjects, {
      keepMs: 60_000,
      maxReplies: 100,
      lastSequence,
      settleMs,
    });

  /** Stores a `reply.completed` of `tenantId`'s reply `replyId`; returns its stream sequence. */
  async function complete(tenantId: string, replyId: string, text: string): Promise<number> {
    const publisher = createPublisher({
      nc: bus.nc,
      subjects: bus.subjects,
      logger: silentLogger(),
    });
    const event = createEvent(
      ReplyCompleted,
      { tenantId },
      {
        conversationId: newEventId(),
        messageId: newEventId(),
        agentId: newEventId(),
        replyId,
        text,
        finishReason: 'stop',
        model: 'loopback',
        usage: { inputTokens: 1, outputTokens: 1, estimated: false },
      },
    );
    return (await publisher.publish(event)).seq ?? 0;
  }

  test('vouches for nothing until it is in place, then for everything stored after that', async () => {
    const before = await complete(newEventId(), newEventId(), 'before');
    buffer = open(200);
    expect(buffer.hearsAllAfter(before)).toBe(false);
    expect(buffer.hearsAllAfter(before + 1)).toBe(false);
    const opened = buffer;
    await eventually(async () => (opened.hearsAllAfter(before + 1) ? true : undefined), 'in place');
    expect(buffer.hearsAllAfter(before)).toBe(false);
    buffer.close();
    expect(buffer.hearsAllAfter(before + 1)).toBe(false);
  });

  test("hands a reply's end to its follower, also one that comes after it was heard; never another tenant's", async () => {
    buffer = open();
    const tenant = newEventId();
    const other = newEventId();
    const replyId = newEventId();
    const early: ReplyEnd[] = [];
    const stopEarly = buffer.follow(tenant, replyId, (end) => early.push(end));
    await complete(other, replyId, 'not yours');
    await complete(tenant, replyId, 'yours');
    await eventually(async () => (early.length > 0 ? true : undefined), 'the end');
    expect(early.map((end) => end.data.replyId === replyId && end.tenantId)).toEqual([tenant]);
    stopEarly();
    const late: ReplyEnd[] = [];
    buffer.follow(tenant, replyId, (end) => late.push(end));
    expect(late).toHaveLength(1);
    expect(late[0]?.type === 'reply.completed' && late[0].data.text).toBe('yours');
  });
});
