import { Outcome } from '@konstruct/bus';
import { jetstream } from '@nats-io/jetstream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BusFixture, busFixture, waitFor } from './bus-fixture.ts';
import { runnerPool, sleep } from './runner-fixture.ts';
import { TENANT, type TestEvent, WIDGET, widgetCreated } from './test-events.ts';

describe('consumer runner, when things go wrong', () => {
  let bus: BusFixture;
  const pool = runnerPool(() => bus);
  beforeEach(async () => {
    bus = await busFixture();
  });
  afterEach(async () => {
    await pool.stopAll();
    await bus.cleanup();
  });

  it('dead-letters an event the handler gives up on, once, with the reason', async () => {
    await bus.ensureTestConsumer('c');
    let calls = 0;
    await pool.start('c', {
      handle: () => {
        calls++;
        return Outcome.giveUp('widget is cursed');
      },
    });
    const event = widgetCreated(1);

    await bus.publisher.publish(event);

    await waitFor(async () => (await bus.deadLetters()).length === 1, 'the dead letter');
    await sleep(200);
    expect(calls).toBe(1);
    const [record] = await bus.deadLetters();
    expect(record).toMatchObject({
      consumer: 'c',
      stream: bus.subjects.streams.events,
      streamSequence: 1,
      deliveryCount: 1,
      code: 'GaveUp',
      reason: 'widget is cursed',
      eventId: event.id,
      eventType: 'widget.created',
    });
    expect(JSON.parse(Buffer.from(record?.payloadBase64 ?? '', 'base64').toString())).toEqual(
      event,
    );
    const [stored] = await bus.stored(bus.subjects.streams.deadLetters);
    expect(stored?.subject).toBe(bus.subjects.deadLetter('c', TENANT));
  });

  it('dead-letters an event whose handler still fails on the last allowed delivery', async () => {
    await bus.ensureTestConsumer('c');
    const deliveries: number[] = [];
    await pool.start('c', {
      retry: { backoffMs: [10], maxDeliver: 3 },
      handle: (_event, ctx) => {
        deliveries.push(ctx.deliveryCount);
        return Outcome.retry('dependency down');
      },
    });

    await bus.publisher.publish(widgetCreated(1));

    await waitFor(async () => (await bus.deadLetters()).length === 1, 'the dead letter');
    await sleep(200);
    expect(deliveries).toEqual([1, 2, 3]);
    const [record] = await bus.deadLetters();
    expect(record?.code).toBe('MaxDeliveriesExhausted');
    expect(record?.deliveryCount).toBe(3);
    expect(record?.reason).toContain('dependency down');
  });

  it('runs onExhausted once before dead-lettering an event whose deliveries ran out, and dead-letters it even when the hook fails', async () => {
    await bus.ensureTestConsumer('c');
    const exhausted: Array<{ id: string; deliveryCount: number }> = [];
    await pool.start('c', {
      retry: { backoffMs: [10], maxDeliver: 2 },
      handle: () => Outcome.retry('dependency down'),
      onExhausted: async (event, ctx) => {
        exhausted.push({ id: event.id, deliveryCount: ctx.deliveryCount });
        if (exhausted.length === 2) throw new Error('the hook failed too');
      },
    });

    const first = widgetCreated(1);
    const second = widgetCreated(2);
    await bus.publisher.publish(first);
    await waitFor(async () => (await bus.deadLetters()).length === 1, 'the first dead letter');
    await bus.publisher.publish(second);
    await waitFor(async () => (await bus.deadLetters()).length === 2, 'the second dead letter');
    await sleep(200);
    expect(exhausted).toEqual([
      { id: first.id, deliveryCount: 2 },
      { id: second.id, deliveryCount: 2 },
    ]);
    expect((await bus.deadLetters()).map((record) => record.code)).toEqual([
      'MaxDeliveriesExhausted',
      'MaxDeliveriesExhausted',
    ]);
  });

  it('terminates and dead-letters garbage and unknown types, and keeps handling valid events', async () => {
    await bus.ensureTestConsumer('c');
    const handled: string[] = [];
    await pool.start('c', {
      handle: (event) => {
        handled.push(event.id);
        return Outcome.ack();
      },
    });
    const js = jetstream(bus.nc);
    const subject = `${bus.namespace}.events.${TENANT}.agent.${WIDGET}.widget.created`;
    const unknown = { ...widgetCreated(2), type: 'gadget.exploded' };
    const valid = widgetCreated(3);

    await js.publish(subject, new Uint8Array([0xff, 0x00, 0x7b]));
    await js.publish(subject, JSON.stringify(unknown));
    await bus.publisher.publish(valid);

    await waitFor(() => handled.length === 1, 'the valid event');
    expect(handled).toEqual([valid.id]);
    await waitFor(async () => (await bus.deadLetters()).length === 2, 'two dead letters');
    const records = await bus.deadLetters();
    expect(records.map((r) => r.code).sort()).toEqual(['NotJson', 'UnknownEventType']);
    expect(records.find((r) => r.code === 'UnknownEventType')?.reason).toContain('gadget.exploded');
    expect(records.find((r) => r.code === 'NotJson')?.reason).toContain('not JSON');
    const subjects = (await bus.stored(bus.subjects.streams.deadLetters)).map((m) => m.subject);
    expect(subjects.sort()).toEqual(
      [bus.subjects.deadLetter('c', undefined), bus.subjects.deadLetter('c', TENANT)].sort(),
    );
  });

  it("dead-letters a valid event planted on another tenant's subject, never handling it", async () => {
    await bus.ensureTestConsumer('c');
    const handled: string[] = [];
    await pool.start('c', {
      handle: (event) => {
        handled.push(event.id);
        return Outcome.ack();
      },
    });
    const js = jetstream(bus.nc);
    const planted = widgetCreated(4);
    const otherTenant = '0192f0aa-0000-7000-8000-00000000beef';
    await js.publish(
      `${bus.namespace}.events.${otherTenant}.agent.${WIDGET}.widget.created`,
      JSON.stringify(planted),
    );
    const valid = widgetCreated(5);
    await bus.publisher.publish(valid);
    await waitFor(() => handled.length === 1, 'the valid event');
    expect(handled).toEqual([valid.id]);
    await waitFor(async () => (await bus.deadLetters()).length === 1, 'one dead letter');
    const [record] = await bus.deadLetters();
    expect(record?.code).toBe('SubjectMismatch');
    expect(record?.reason).toContain(otherTenant);
  });

  it('on stop, waits for an in-flight slow handler to finish and ack', async () => {
    await bus.ensureTestConsumer('c');
    let started = false;
    let finished = false;
    const runner = await pool.start('c', {
      handle: async () => {
        started = true;
        await sleep(500);
        finished = true;
        return Outcome.ack();
      },
    });
    await bus.publisher.publish(widgetCreated(1));
    await waitFor(() => started, 'the handler to start');

    await runner.stop();

    expect(finished).toBe(true);
    // The server has the ack (stop flushes); it applies acks asynchronously, so poll briefly.
    await waitFor(
      async () => {
        const info = await bus.jsm.consumers.info(
          bus.subjects.streams.events,
          bus.subjects.durable('c'),
        );
        return info.num_ack_pending === 0 && info.ack_floor.stream_seq === 1;
      },
      'the ack to be applied',
      2_000,
    );
  });

  it('at the shutdown deadline aborts the handler signal and naks, so another instance redelivers', async () => {
    await bus.ensureTestConsumer('c');
    let aborted = false;
    const runner = await pool.start('c', {
      shutdownDeadlineMs: 200,
      handle: async (_event, ctx) => {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 5_000);
          ctx.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            aborted = true;
            resolve();
          });
        });
        return Outcome.ack();
      },
    });
    await bus.publisher.publish(widgetCreated(1));
    await waitFor(async () => runner.active === 1, 'the handler to start');

    const before = performance.now();
    await runner.stop();

    expect(performance.now() - before).toBeLessThan(1_500);
    expect(aborted).toBe(true);
    const redelivered: number[] = [];
    await pool.start('c', {
      handle: (_event, ctx) => {
        redelivered.push(ctx.streamSequence);
        return Outcome.ack();
      },
    });
    // Nak'd, not left to the 5 s ack wait. (nats-server may not count a nak'd delivery that
    // found no live pull request, so the delivery count is not asserted.)
    await waitFor(() => redelivered.length === 1, 'the redelivery', 2_000);
    expect(redelivered).toEqual([1]);
  });

  it('with several filters, handles only matching subjects, on 2.9 by skipping the rest itself', async () => {
    const filters = [
      bus.subjects.eventsOfType('widget.created'),
      bus.subjects.eventsOfType('widget.noticed'),
    ];
    await bus.ensureTestConsumer('c', { filterSubjects: filters });
    const handled: string[] = [];
    await pool.start('c', {
      filterSubjects: filters,
      handle: (event) => {
        handled.push(event.type);
        return Outcome.ack();
      },
    });
    const archived: TestEvent = {
      ...widgetCreated(0),
      type: 'widget.archived',
      data: { widgetId: WIDGET },
    };

    await bus.publisher.publishMany([archived, widgetCreated(1)]);

    await waitFor(() => handled.length === 1, 'the created event');
    await sleep(100);
    expect(handled).toEqual(['widget.created']);
  });
});
