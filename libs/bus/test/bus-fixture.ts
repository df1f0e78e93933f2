/**
 * One isolated bus per test (its own namespace and streams) with the test registry, a publisher
 * and helpers to declare a consumer, read what a stream stored and wait for a condition.
 */
import {
  type ConsumerDefinition,
  createPublisher,
  DeadLetterRecord,
  ensureConsumer,
  type Publisher,
  silentLogger,
} from '@konstruct/bus';
import { createTestBus, type TestBus } from '@konstruct/testing';
import { type JetStreamManager, jetstreamManager, type StoredMsg } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { type TestEvent, testRegistry } from './test-events.ts';

export interface BusFixture extends TestBus {
  readonly jsm: JetStreamManager;
  readonly logger: Logger;
  readonly publisher: Publisher<TestEvent>;
  ensureTestConsumer(consumer: string, overrides?: Partial<ConsumerDefinition>): Promise<void>;
  stored(stream?: string): Promise<StoredMsg[]>;
  deadLetters(): Promise<DeadLetterRecord[]>;
}

export async function busFixture(): Promise<BusFixture> {
  const bus = await createTestBus();
  const jsm = await jetstreamManager(bus.nc);
  const logger = silentLogger();
  const publisher = createPublisher({
    nc: bus.nc,
    subjects: bus.subjects,
    registry: testRegistry,
    logger,
  });
  async function stored(stream = bus.subjects.streams.events): Promise<StoredMsg[]> {
    const { state } = await jsm.streams.info(stream);
    const messages: StoredMsg[] = [];
    if (state.messages === 0) return messages;
    for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
      const message = await jsm.streams.getMessage(stream, { seq });
      if (message !== null) messages.push(message);
    }
    return messages;
  }
  return {
    ...bus,
    jsm,
    logger,
    publisher,
    async ensureTestConsumer(consumer, overrides = {}) {
      await ensureConsumer(
        jsm,
        bus.subjects.streams.events,
        {
          durable: bus.subjects.durable(consumer),
          filterSubjects: [],
          ackWaitMs: 5_000,
          maxDeliver: 10,
          maxAckPending: 1_000,
          description: `test consumer ${consumer}`,
          ...overrides,
        },
        { logger, serverVersion: bus.nc.info?.version },
      );
    },
    stored,
    async deadLetters() {
      const messages = await stored(bus.subjects.streams.deadLetters);
      return messages.map((message) => DeadLetterRecord.parse(message.json()));
    },
  };
}

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
