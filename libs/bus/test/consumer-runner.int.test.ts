import {
  type BusMetrics,
  createPublisher,
  createReaction,
  type HandlerContext,
  type HandlerOutcome,
  Outcome,
} from '@konstruct/bus';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BusFixture, busFixture, waitFor } from './bus-fixture.ts';
import { runnerPool, sleep } from './runner-fixture.ts';
import { type TestEvent, testRegistry, WidgetNoticed, widgetCreated } from './test-events.ts';

describe('consumer runner', () => {
  let bus: BusFixture;
  const pool = runnerPool(() => bus);
  beforeEach(async () => {
    bus = await busFixture();
  });
  afterEach(async () => {
    await pool.stopAll();
    await bus.cleanup();
  });

  /** Runs consumer `c` on `widget.created`; `onCreated` gets the event's `widget.noticed` reaction. */
  async function reactToCreated(
    onCreated: (notice: TestEvent, ctx: HandlerContext) => Promise<HandlerOutcome>,
  ): Promise<void> {
    const filterSubjects = [bus.subjects.eventsOfType('widget.created')];
    await bus.ensureTestConsumer('c', { filterSubjects });
    await pool.start('c', {
      filterSubjects,
      handle: (event, ctx) => {
        if (event.type !== 'widget.created') return Outcome.ack();
        const notice = createReaction(WidgetNoticed, event, 'notice', {
          widgetId: event.data.widgetId,
          sourceEventId: event.id,
        });
        return onCreated(notice, ctx);
      },
    });
  }

  async function pendingAcks(consumer: string): Promise<number> {
    const info = await bus.jsm.consumers.info(
      bus.subjects.streams.events,
      bus.subjects.durable(consumer),
    );
    return info.num_ack_pending + info.num_pending;
  }

  it('hands a valid event to the handler with its context and acks it', async () => {
    await bus.ensureTestConsumer('c');
    const seen: Array<{ event: TestEvent; sequence: number; deliveries: number; trace: string }> =
      [];
    await pool.start('c', {
      handle: (event, ctx) => {
        seen.push({
          event,
          sequence: ctx.streamSequence,
          deliveries: ctx.deliveryCount,
          trace: ctx.traceparent,
        });
        return Outcome.ack();
      },
    });
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const event = widgetCreated(1);

    await bus.publisher.publish(event, { traceparent });

    await waitFor(() => seen.length === 1, 'the event to be handled');
    expect(seen[0]?.event).toEqual(event);
    expect(seen[0]?.sequence).toBe(1);
    expect(seen[0]?.deliveries).toBe(1);
    expect(seen[0]?.trace).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(seen[0]?.trace).not.toBe(traceparent);
    await waitFor(async () => (await pendingAcks('c')) === 0, 'the ack');
  });

  it('retries a handler that throws, with back-off, until it succeeds on the third delivery', async () => {
    await bus.ensureTestConsumer('c');
    const deliveries: Array<{ count: number; at: number }> = [];
    let handled = false;
    await pool.start('c', {
      retry: { backoffMs: [200, 400], maxDeliver: 5 },
      handle: (_event, ctx) => {
        deliveries.push({ count: ctx.deliveryCount, at: performance.now() });
        if (ctx.deliveryCount < 3) throw new Error(`flaky dependency (${ctx.deliveryCount})`);
        handled = true;
        return Outcome.ack();
      },
    });

    await bus.publisher.publish(widgetCreated(1));

    await waitFor(() => handled, 'the third delivery');
    expect(deliveries.map((d) => d.count)).toEqual([1, 2, 3]);
    const [first, second, third] = deliveries.map((d) => d.at);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(180);
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(380);
    await waitFor(async () => (await pendingAcks('c')) === 0, 'the ack');
    expect(await bus.deadLetters()).toHaveLength(0);
  });

  it('never runs more handlers at once than its concurrency', async () => {
    await bus.ensureTestConsumer('c');
    let running = 0;
    let most = 0;
    let done = 0;
    const runner = await pool.start('c', {
      concurrency: 4,
      handle: async () => {
        running++;
        most = Math.max(most, running);
        await sleep(5 + Math.random() * 10);
        running--;
        done++;
        return Outcome.ack();
      },
    });

    await bus.publisher.publishMany(Array.from({ length: 100 }, (_, n) => widgetCreated(n)));

    await waitFor(() => done === 100, 'all events');
    expect(most).toBe(4);
    expect(runner.peakActive).toBe(4);
  });

  it('lets two competing instances handle 300 events exactly once in total, both taking some', async () => {
    await bus.ensureTestConsumer('c');
    const handledBy = new Map<string, string[]>();
    const perInstance = { a: 0, b: 0 };
    const handler = (instance: 'a' | 'b') => async (event: TestEvent) => {
      handledBy.set(event.id, [...(handledBy.get(event.id) ?? []), instance]);
      perInstance[instance]++;
      await sleep(2);
      return Outcome.ack();
    };
    await pool.start('c', { concurrency: 8, handle: handler('a') });
    await pool.start('c', { concurrency: 8, handle: handler('b') });
    const events = Array.from({ length: 300 }, (_, n) => widgetCreated(n));

    await bus.publisher.publishMany(events);

    await waitFor(() => perInstance.a + perInstance.b >= 300, '300 handled events');
    await waitFor(async () => (await pendingAcks('c')) === 0, 'every ack');
    expect(perInstance.a + perInstance.b).toBe(300);
    expect(events.every((event) => handledBy.get(event.id)?.length === 1)).toBe(true);
    expect(perInstance.a).toBeGreaterThan(0);
    expect(perInstance.b).toBeGreaterThan(0);
  });

  it('stores a reaction republished on redelivery once, thanks to its derived id', async () => {
    const duplicates: boolean[] = [];
    await reactToCreated(async (notice, ctx) => {
      const result = await bus.publisher.publish(notice, { traceparent: ctx.traceparent });
      duplicates.push(result.duplicate);
      if (ctx.deliveryCount === 1) throw new Error('crashed after publishing');
      return Outcome.ack();
    });

    await bus.publisher.publish(widgetCreated(1));

    await waitFor(() => duplicates.length === 2, 'the redelivery');
    expect(duplicates).toEqual([false, true]);
    const stored = await bus.stored();
    expect(stored.filter((m) => m.json<TestEvent>().type === 'widget.noticed')).toHaveLength(1);
  });

  it('keeps a long handler alive past the ack wait, so the message is not redelivered', async () => {
    await bus.ensureTestConsumer('c', { ackWaitMs: 1_000 });
    const deliveries: number[] = [];
    let finished = false;
    await pool.start('c', {
      handle: async (_event, ctx) => {
        deliveries.push(ctx.deliveryCount);
        await sleep(2_500);
        finished = true;
        return Outcome.ack();
      },
    });

    await bus.publisher.publish(widgetCreated(1));

    await waitFor(() => finished, 'the slow handler');
    await sleep(300);
    expect(deliveries).toEqual([1]);
    await waitFor(async () => (await pendingAcks('c')) === 0, 'the ack');
  });

  it('reports publishes, outcomes, dead letters and lag through the metrics port', async () => {
    await bus.ensureTestConsumer('c');
    const calls: string[] = [];
    const metrics: BusMetrics = {
      published: (type) => calls.push(`published ${type}`),
      consumed: (consumer, type, outcome) => calls.push(`consumed ${consumer} ${type} ${outcome}`),
      deadLettered: (consumer, type, reason) => calls.push(`dead ${consumer} ${type} ${reason}`),
      lag: (consumer, pending) => calls.push(`lag ${consumer} ${pending}`),
    };
    const publisher = createPublisher({
      ...bus,
      registry: testRegistry,
      logger: bus.logger,
      metrics,
    });
    await publisher.publishMany([widgetCreated(0), widgetCreated(1)]);

    await pool.start('c', {
      metrics,
      lagIntervalMs: 50,
      handle: (event) => {
        if (event.type === 'widget.created' && event.data.n === 1) return Outcome.giveUp('odd');
        return Outcome.ack();
      },
    });

    await waitFor(() => calls.some((call) => call.startsWith('dead')), 'the dead letter');
    await waitFor(() => calls.includes('lag c 0'), 'a lag report after consuming');
    expect(calls).toEqual(
      expect.arrayContaining([
        'published widget.created',
        'lag c 2',
        'consumed c widget.created ack',
        'consumed c widget.created give_up',
        'dead c widget.created GaveUp',
      ]),
    );
  });

  it('stops when its signal aborts', async () => {
    await bus.ensureTestConsumer('c');
    const controller = new AbortController();
    const runner = await pool.start('c', {
      signal: controller.signal,
      handle: () => Outcome.ack(),
    });

    controller.abort();

    await runner.stopped;
    expect(runner.active).toBe(0);
  });
});
