/**
 * The projector's durable pull consumer: the whole events stream, declared with the bus's
 * `ensureConsumer` so a changed setting is applied (or refused) at start like every other
 * consumer. Deliveries are never capped (`max_deliver` -1): the projector decides itself when to
 * give up on an event, and an ack wait that runs out (a crash) must always redeliver. It
 * acknowledges all (`AckPolicy.All`): the live loop settles a whole batch once its transaction
 * has committed, with one ack of the batch's newest message, instead of one ack per event. The
 * explicit-ack consumer of earlier versions is replaced at start (an ack policy cannot be changed
 * in place), starting where it had acknowledged everything.
 */
import {
  type ConsumerDefinition,
  consumerInfo,
  deleteConsumerIfPresent,
  ensureConsumer,
} from '@konstruct/bus';
import type { Subjects } from '@konstruct/schemas';
import { AckPolicy, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { PROJECTOR_CONSUMER } from './projector-dead-letters.ts';

export const PROJECTOR_ACK_WAIT_MS = 60_000;

export function projectorConsumerDefinition(
  subjects: Subjects,
  batchSize: number,
): ConsumerDefinition {
  return {
    durable: subjects.durable(PROJECTOR_CONSUMER),
    filterSubjects: [subjects.allEvents()],
    ackWaitMs: PROJECTOR_ACK_WAIT_MS,
    maxDeliver: -1,
    maxAckPending: Math.max(1_000, batchSize * 2),
    description: 'read-model projector: every stored event, applied in stream order',
    ackAll: true,
  };
}

export async function ensureProjectorConsumer(
  nc: NatsConnection,
  subjects: Subjects,
  batchSize: number,
  logger: Logger,
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const stream = subjects.streams.events;
  const definition = projectorConsumerDefinition(subjects, batchSize);
  const options = { logger, serverVersion: nc.info?.version };
  const existing = await consumerInfo(jsm, stream, definition.durable);
  if (existing === undefined || existing.config.ack_policy === AckPolicy.All) {
    await ensureConsumer(jsm, stream, definition, options);
    return;
  }
  const startAtSequence = existing.ack_floor.stream_seq + 1;
  await deleteConsumerIfPresent(jsm, stream, definition.durable);
  await ensureConsumer(jsm, stream, definition, { ...options, startAtSequence });
  logger.info(
    { consumer: definition.durable, from: existing.config.ack_policy, startAtSequence },
    'projector consumer replaced to acknowledge whole batches; it starts where the old one had acknowledged everything',
  );
}
