/**
 * The baselines: what plain @nats-io/jetstream does with no bus around it. Publishing keeps at
 * most `window` PubAcks outstanding (one lane per slot); consuming acks each message as it comes.
 */
import {
  AckPolicy,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

export interface RawMessage {
  readonly subject: string;
  readonly id: string;
  readonly body: unknown;
}

export async function rawPublish(
  js: JetStreamClient,
  messages: readonly RawMessage[],
  window: number,
): Promise<void> {
  let next = 0;
  async function lane(): Promise<void> {
    while (next < messages.length) {
      const message = messages[next++];
      if (message === undefined) return;
      await js.publish(message.subject, JSON.stringify(message.body), { msgID: message.id });
    }
  }
  await Promise.all(Array.from({ length: window }, lane));
}

export async function createBenchConsumer(
  jsm: JetStreamManager,
  stream: string,
  durable: string,
): Promise<void> {
  await jsm.consumers.add(stream, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: 30_000_000_000,
    max_ack_pending: 10_000,
  });
}

/**
 * Consumes and acks `count` messages with `consume()`, pulling `maxMessages` at a time;
 * resolves once the acks are flushed.
 */
export async function rawConsume(
  nc: NatsConnection,
  js: JetStreamClient,
  stream: string,
  durable: string,
  count: number,
  maxMessages: number,
): Promise<void> {
  const consumer = await js.consumers.get(stream, durable);
  const messages = await consumer.consume({ max_messages: maxMessages });
  let seen = 0;
  for await (const message of messages) {
    message.ack();
    if (++seen === count) break;
  }
  await nc.flush();
}
