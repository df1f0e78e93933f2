/**
 * Replaces a durable consumer with others (e.g. one consumer split into one per event type)
 * without losing or replaying the stream: each successor is created to start where the retired
 * consumer had acknowledged everything (its ack floor + 1), then the retired one is deleted.
 * What it had delivered beyond the floor without an ack is delivered again to a successor, as any
 * redelivery is (handlers are idempotent). A crash between the steps is finished at the next
 * start; with no retired consumer left, the successors are simply ensured. Instances of the old
 * version still pulling from the retired consumer lose it when it is deleted: upgrade them first
 * or together.
 */
import type { JetStreamManager } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import type { ConsumerDefinition } from './consumer-definition.ts';
import {
  consumerInfo,
  deleteConsumerIfPresent,
  type EnsureConsumerResult,
  ensureConsumer,
} from './ensure-consumer.ts';

export async function ensureConsumersSucceeding(
  jsm: JetStreamManager,
  stream: string,
  retiredDurable: string,
  successors: readonly ConsumerDefinition[],
  options: { readonly logger: Logger; readonly serverVersion: string | undefined },
): Promise<EnsureConsumerResult[]> {
  const retired = await consumerInfo(jsm, stream, retiredDurable);
  const startAtSequence = retired === undefined ? undefined : retired.ack_floor.stream_seq + 1;
  const results: EnsureConsumerResult[] = [];
  for (const successor of successors) {
    results.push(
      await ensureConsumer(jsm, stream, successor, {
        ...options,
        ...(startAtSequence === undefined ? {} : { startAtSequence }),
      }),
    );
  }
  if (retired !== undefined) {
    await deleteConsumerIfPresent(jsm, stream, retiredDurable);
    options.logger.info(
      {
        stream,
        retired: retiredDurable,
        successors: successors.map((s) => s.durable),
        startAtSequence,
      },
      'consumer replaced; its successors start where it had acknowledged everything',
    );
  }
  return results;
}
