import {
  ConsumerConfigConflictError,
  ensureConsumer,
  ensureStream,
  eventStreamConfig,
  isBusError,
  type StreamConfigConflictError,
  type StreamDefinition,
  silentLogger,
} from '@konstruct/bus';
import { createTestBus, type TestBus } from '@konstruct/testing';
import {
  AckPolicy,
  type JetStreamManager,
  jetstreamManager,
  StorageType,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

describe('ensureStream and ensureConsumer', () => {
  let bus: TestBus;
  let jsm: JetStreamManager;
  let definition: StreamDefinition;
  const logger = silentLogger();
  beforeEach(async () => {
    bus = await createTestBus({ streams: false });
    jsm = await jetstreamManager(bus.nc);
    definition = eventStreamConfig(bus.subjects, bus.streamLimits);
  });
  afterEach(async () => {
    await bus.cleanup();
  });

  it('creates a missing stream, and a second call changes nothing', async () => {
    const first = await ensureStream(jsm, definition, { logger });
    const before = await jsm.streams.info(definition.name);

    const second = await ensureStream(jsm, definition, { logger });

    expect(first.action).toBe('created');
    expect(second).toEqual({ action: 'unchanged', changes: [] });
    const after = await jsm.streams.info(definition.name);
    expect(after.config).toEqual(before.config);
    expect(after.config).toMatchObject({
      subjects: [`${bus.namespace}.events.>`],
      storage: 'file',
      retention: 'limits',
      discard: 'old',
      max_age: nanos(bus.streamLimits.maxAgeMs),
      duplicate_window: nanos(bus.streamLimits.duplicateWindowMs),
    });
  });

  it('updates max_age in place when the declared limit changes', async () => {
    await ensureStream(jsm, definition, { logger });
    const longer = { ...definition, max_age: nanos(20 * 60_000) };

    const result = await ensureStream(jsm, longer, { logger });

    expect(result.action).toBe('updated');
    expect(result.changes).toEqual([
      { field: 'max_age', from: definition.max_age, to: longer.max_age },
    ]);
    expect((await jsm.streams.info(definition.name)).config.max_age).toBe(longer.max_age);
  });

  it('declares allow_direct and turns it on in place on a stream created without it', async () => {
    expect(definition.allow_direct).toBe(true);
    await jsm.streams.add({ ...definition, allow_direct: false });

    const result = await ensureStream(jsm, definition, { logger });

    expect(result).toEqual({
      action: 'updated',
      changes: [{ field: 'allow_direct', from: false, to: true }],
    });
    expect((await jsm.streams.info(definition.name)).config.allow_direct).toBe(true);
    const subject = `${bus.namespace}.events.direct-probe`;
    await jsm.streams.purge(definition.name);
    await bus.nc.request(subject, 'probe');
    const direct = await jsm.direct.getMessage(definition.name, { seq: 1, next_by_subj: subject });
    expect(direct?.string()).toBe('probe');
    expect(await ensureStream(jsm, definition, { logger })).toEqual({
      action: 'unchanged',
      changes: [],
    });
  });

  it('refuses an immutable change with StreamConfigConflict naming field, wanted and actual', async () => {
    await ensureStream(jsm, definition, { logger });
    const inMemory = { ...definition, storage: StorageType.Memory };

    const error = await ensureStream(jsm, inMemory, { logger }).catch((e: unknown) => e);

    expect(isBusError(error, 'StreamConfigConflict')).toBe(true);
    expect((error as StreamConfigConflictError).conflicts).toEqual([
      { field: 'storage', wanted: 'memory', actual: 'file' },
    ]);
    expect((error as Error).message).toContain('storage: wanted "memory", actual "file"');
    expect((await jsm.streams.info(definition.name)).config.storage).toBe('file');
  });

  it('creates a durable consumer, leaves it alone on a second call and updates ack wait', async () => {
    await ensureStream(jsm, definition, { logger });
    const consumer = {
      durable: bus.subjects.durable('router'),
      filterSubjects: [bus.subjects.eventsOfType('message.received')],
      ackWaitMs: 30_000,
      maxDeliver: 6,
      maxAckPending: 100,
      description: 'routes received messages',
    };
    const options = { logger, serverVersion: bus.nc.info?.version };

    const created = await ensureConsumer(jsm, definition.name, consumer, options);
    const again = await ensureConsumer(jsm, definition.name, consumer, options);
    const updated = await ensureConsumer(
      jsm,
      definition.name,
      { ...consumer, ackWaitMs: 60_000 },
      options,
    );

    expect(created.action).toBe('created');
    expect(again.action).toBe('unchanged');
    expect(updated.changes).toEqual([
      { field: 'ack_wait', from: nanos(30_000), to: nanos(60_000) },
    ]);
    const info = await jsm.consumers.info(definition.name, consumer.durable);
    expect(info.config).toMatchObject({
      ack_policy: 'explicit',
      ack_wait: nanos(60_000),
      max_deliver: 6,
      max_ack_pending: 100,
      filter_subject: consumer.filterSubjects[0],
    });
  });

  it('refuses to turn an existing consumer with another ack policy into ours', async () => {
    await ensureStream(jsm, definition, { logger });
    const durable = bus.subjects.durable('audit');
    await jsm.consumers.add(definition.name, { durable_name: durable, ack_policy: AckPolicy.All });

    const error = await ensureConsumer(
      jsm,
      definition.name,
      {
        durable,
        filterSubjects: [],
        ackWaitMs: 30_000,
        maxDeliver: 5,
        maxAckPending: 100,
        description: 'audit',
      },
      { logger, serverVersion: bus.nc.info?.version },
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConsumerConfigConflictError);
    expect((error as ConsumerConfigConflictError).conflicts).toContainEqual({
      field: 'ack_policy',
      wanted: 'explicit',
      actual: 'all',
    });
  });

  it('on a server without several filter subjects, covers them with one filter', async () => {
    await ensureStream(jsm, definition, { logger });
    const durable = bus.subjects.durable('agent');
    const filters = [
      bus.subjects.eventsOfType('message.routed'),
      bus.subjects.eventsOfType('message.rejected'),
    ];
    const spec = {
      durable,
      filterSubjects: filters,
      ackWaitMs: 30_000,
      maxDeliver: 5,
      maxAckPending: 100,
      description: 'agent',
    };

    const result = await ensureConsumer(jsm, definition.name, spec, {
      logger,
      serverVersion: '2.9.10',
    });

    expect(result.clientSideFilter).toBe(true);
    const info = await jsm.consumers.info(definition.name, durable);
    expect(info.config.filter_subject).toBe(`${bus.namespace}.events.*.*.*.message.*`);
  });
});
