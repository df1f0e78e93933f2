import { ensureConsumer, ensureConsumersSucceeding, silentLogger } from '@konstruct/bus';
import { createTestBus, type TestBus } from '@konstruct/testing';
import { type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

describe('ensureConsumersSucceeding', () => {
  let bus: TestBus;
  let jsm: JetStreamManager;
  const logger = silentLogger();
  const definition = (name: string, filterSubjects: string[]) => ({
    durable: bus.subjects.durable(name),
    filterSubjects,
    ackWaitMs: 30_000,
    maxDeliver: 5,
    maxAckPending: 100,
    description: `test consumer ${name}`,
  });
  const ofType = (type: string) => bus.subjects.eventsOfType(type);
  beforeEach(async () => {
    bus = await createTestBus();
    jsm = await jetstreamManager(bus.nc);
  });
  afterEach(async () => {
    await bus.cleanup();
  });

  /** Stores six events, alternating `thing.a` and `thing.b`, on one conversation. */
  async function storeSix(): Promise<number[]> {
    const js = jetstream(bus.nc);
    const sequences: number[] = [];
    for (let i = 0; i < 6; i++) {
      const type = i % 2 === 0 ? 'thing.a' : 'thing.b';
      const subject = `${bus.namespace}.events.t1.conversation.c1.${type}`;
      sequences.push((await js.publish(subject, JSON.stringify({ i }))).seq);
    }
    return sequences;
  }

  const stream = () => bus.subjects.streams.events;
  const options = () => ({ logger, serverVersion: bus.nc.info?.version });

  it('starts each successor where the retired consumer had acknowledged everything, then deletes it', async () => {
    const sequences = await storeSix();
    const retired = definition('old', [`${bus.namespace}.events.>`]);
    await ensureConsumer(jsm, stream(), retired, options());
    const consumer = await jetstream(bus.nc).consumers.get(stream(), retired.durable);
    const batch = await consumer.fetch({ max_messages: 4, expires: 2_000 });
    for await (const message of batch) await message.ackAck();
    const floor = (await jsm.consumers.info(stream(), retired.durable)).ack_floor.stream_seq;
    expect(floor).toBe(sequences[3]);

    const successors = [definition('a', [ofType('thing.a')]), definition('b', [ofType('thing.b')])];
    const results = await ensureConsumersSucceeding(
      jsm,
      stream(),
      retired.durable,
      successors,
      options(),
    );

    expect(results.map((r) => r.action)).toEqual(['created', 'created']);
    const names = [];
    for await (const info of jsm.consumers.list(stream())) names.push(info.name);
    expect(names.sort()).toEqual(successors.map((s) => s.durable).sort());
    // after the floor (the 4th event) come the 5th (thing.a) and the 6th (thing.b): one each
    const a = await jsm.consumers.info(stream(), successors[0]?.durable ?? '');
    const b = await jsm.consumers.info(stream(), successors[1]?.durable ?? '');
    expect(a.num_pending).toBe(1);
    expect(b.num_pending).toBe(1);
    const next = await (await jetstream(bus.nc).consumers.get(stream(), a.name)).next();
    expect(next?.seq).toBe(sequences[4]);

    // declared again (the next start): nothing to change, nothing to succeed
    const again = await ensureConsumersSucceeding(
      jsm,
      stream(),
      retired.durable,
      successors,
      options(),
    );
    expect(again.map((r) => r.action)).toEqual(['unchanged', 'unchanged']);
  });

  it('with no retired consumer, creates the successors from the stream start', async () => {
    await storeSix();
    const successors = [definition('a', [ofType('thing.a')]), definition('b', [ofType('thing.b')])];

    await ensureConsumersSucceeding(
      jsm,
      stream(),
      bus.subjects.durable('old'),
      successors,
      options(),
    );

    for (const successor of successors) {
      expect((await jsm.consumers.info(stream(), successor.durable)).num_pending).toBe(3);
    }
  });
});
