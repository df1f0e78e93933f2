/**
 * The projector's durable pull consumer: the whole events stream, explicit acks, declared with
 * the bus's `ensureConsumer` so a changed setting is applied (or refused) at start like every
 * other consumer. Deliveries are never capped (`max_deliver` -1): the projector decides itself
 * when to give up on an event, and an ack wait that runs out (a crash) must always redeliver.
 */
import { type ConsumerDefinition, ensureConsumer } from '@konstruct/bus';
import type { Subjects } from '@konstruct/schemas';
import { jetstreamManager } from '@nats-io/jetstream';
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
  };
}

export async function ensureProjectorConsumer(
  nc: NatsConnection,
  subjects: Subjects,
  batchSize: number,
  logger: Logger,
): Promise<void> {
  await ensureConsumer(
    await jetstreamManager(nc),
    subjects.streams.events,
    projectorConsumerDefinition(subjects, batchSize),
    { logger, serverVersion: nc.info?.version },
  );
}
