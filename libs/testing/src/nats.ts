/**
 * An isolated bus per test: a unique namespace (so its own streams, subjects and durables), a
 * connection to the test NATS, the platform's events and dead-letter streams already declared
 * with small limits, and a cleanup that deletes every stream of the namespace and closes.
 */
import {
  deadLetterStreamConfig,
  ensureStream,
  eventStreamConfig,
  type StreamLimits,
  silentLogger,
} from '@konstruct/bus';
import { type Subjects, subjectsFor } from '@konstruct/schemas';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { serviceUrls } from './service-urls.ts';
import { uniqueName } from './unique-name.ts';

export interface TestBus {
  readonly nc: NatsConnection;
  readonly namespace: string;
  readonly subjects: Subjects;
  readonly streamLimits: StreamLimits;
  /** Deletes every stream and key-value bucket of the namespace, then closes the connection. */
  cleanup(): Promise<void>;
}

export interface TestBusOptions {
  /** Declare the events and dead-letter streams (default true). */
  readonly streams?: boolean;
  readonly natsUrl?: string;
}

export const TEST_STREAM_LIMITS: StreamLimits = {
  maxAgeMs: 10 * 60_000,
  maxBytes: 256 * 1024 * 1024,
  replicas: 1,
  duplicateWindowMs: 2 * 60_000,
};

export async function createTestBus(options: TestBusOptions = {}): Promise<TestBus> {
  const namespace = uniqueName('t');
  const subjects = subjectsFor(namespace);
  const nc = await connect({ servers: options.natsUrl ?? serviceUrls().natsUrl, name: namespace });
  const jsm = await jetstreamManager(nc);
  if (options.streams ?? true) {
    const logger = silentLogger();
    await ensureStream(jsm, eventStreamConfig(subjects, TEST_STREAM_LIMITS), { logger });
    await ensureStream(jsm, deadLetterStreamConfig(subjects, TEST_STREAM_LIMITS), { logger });
  }
  return {
    nc,
    namespace,
    subjects,
    streamLimits: TEST_STREAM_LIMITS,
    async cleanup() {
      if (nc.isClosed()) return;
      const ours: string[] = [];
      for await (const name of jsm.streams.names()) {
        // the namespace's streams and its key-value buckets (stored as `KV_<bucket>` streams)
        if (name.startsWith(`${namespace}-`) || name.startsWith(`KV_${namespace}-`))
          ours.push(name);
      }
      await Promise.all(ours.map((name) => jsm.streams.delete(name)));
      await nc.close();
    },
  };
}
