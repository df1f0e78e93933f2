import { BusHeaders, InvalidEventError, isBusError } from '@konstruct/bus';
import { parseTraceparent } from '@konstruct/observability';
import { createEvent } from '@konstruct/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BusFixture, busFixture, waitFor } from './bus-fixture.ts';
import { TENANT, type TestEvent, WIDGET, WidgetPinged, widgetCreated } from './test-events.ts';

describe('publisher', () => {
  let bus: BusFixture;
  beforeEach(async () => {
    bus = await busFixture();
  });
  afterEach(async () => {
    await bus.cleanup();
  });

  it('rejects an invalid event with InvalidEvent naming the field, and stores nothing', async () => {
    const valid = widgetCreated(1);
    const invalid = { ...valid, data: { ...valid.data, name: '' } } as TestEvent;

    const error = await bus.publisher.publish(invalid).catch((e: unknown) => e);

    expect(isBusError(error, 'InvalidEvent')).toBe(true);
    expect((error as InvalidEventError).message).toContain('data.name');
    expect(await bus.stored()).toHaveLength(0);
  });

  it('stores the event with its id as message id and the routing and trace headers', async () => {
    const event = widgetCreated(1);

    const result = await bus.publisher.publish(event);

    expect(result).toEqual({ stream: bus.subjects.streams.events, seq: 1, duplicate: false });
    const [stored] = await bus.stored();
    expect(stored?.subject).toBe(
      `${bus.namespace}.events.${TENANT}.agent.${WIDGET}.widget.created`,
    );
    expect(stored?.json()).toEqual(event);
    const headers = stored?.header;
    expect(headers?.get('Nats-Msg-Id')).toBe(event.id);
    expect(headers?.get(BusHeaders.eventType)).toBe('widget.created');
    expect(headers?.get(BusHeaders.eventVersion)).toBe('1');
    expect(headers?.get(BusHeaders.tenantId)).toBe(TENANT);
    expect(headers?.get(BusHeaders.correlationId)).toBe(event.correlationId);
    expect(parseTraceparent(headers?.get(BusHeaders.traceparent))).toBeDefined();
  });

  it('carries a given traceparent unchanged', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

    await bus.publisher.publish(widgetCreated(1), { traceparent });

    const [stored] = await bus.stored();
    expect(stored?.header.get(BusHeaders.traceparent)).toBe(traceparent);
  });

  it('stores an event published twice once; the second publish is a duplicate', async () => {
    const event = widgetCreated(1);

    const first = await bus.publisher.publish(event);
    const second = await bus.publisher.publish(event);

    expect(first.duplicate).toBe(false);
    expect(second).toEqual({ stream: first.stream, seq: first.seq, duplicate: true });
    expect(await bus.stored()).toHaveLength(1);
  });

  it('sends a live event over core NATS with the same headers and stores nothing', async () => {
    const ping = createEvent(WidgetPinged, { tenantId: TENANT }, { widgetId: WIDGET });
    const received: string[] = [];
    const sub = bus.nc.subscribe(`${bus.namespace}.live.>`, {
      callback: (_error, msg) => {
        received.push(msg.headers?.get(BusHeaders.eventType) ?? '');
      },
    });
    await bus.nc.flush();

    const result = await bus.publisher.publish(ping);

    expect(result).toEqual({ stream: null, seq: null, duplicate: false });
    await waitFor(() => received.length === 1, 'the live event');
    expect(received).toEqual(['widget.pinged']);
    expect(await bus.stored()).toHaveLength(0);
    sub.unsubscribe();
  });

  it('publishMany stores every event in order', async () => {
    const events = Array.from({ length: 50 }, (_, n) => widgetCreated(n));

    const results = await bus.publisher.publishMany(events, { window: 8 });

    expect(results.map((r) => r.seq)).toEqual(events.map((_, n) => n + 1));
    const stored = await bus.stored();
    expect(stored.map((m) => m.json<TestEvent>().id)).toEqual(events.map((e) => e.id));
  });

  it('publishMany sends nothing when one event is invalid, naming its position', async () => {
    const events = [widgetCreated(0), { ...widgetCreated(1), tenantId: 'nope' } as TestEvent];

    const error = await bus.publisher.publishMany(events).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as InvalidEventError).index).toBe(1);
    expect((error as InvalidEventError).message).toContain('tenantId');
    expect(await bus.stored()).toHaveLength(0);
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    controller.abort(new Error('caller gave up'));

    const error = await bus.publisher
      .publish(widgetCreated(1), { signal: controller.signal })
      .catch((e: unknown) => e);

    expect((error as Error).message).toBe('caller gave up');
  });
});
