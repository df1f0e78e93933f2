/**
 * Where a runner files its dead letters: the consumer's dead-letter subject (per tenant when
 * known), stored on the dead-letter stream with a message id derived from the stream position.
 */

import type { Subjects } from '@konstruct/schemas';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { type DeadLetterRecord, deadLetterMsgId } from './dead-letter.ts';

export function createDeadLetterSink(nc: NatsConnection, subjects: Subjects, consumer: string) {
  const js = jetstream(nc);
  return async (record: DeadLetterRecord, tenantId: string | undefined): Promise<void> => {
    const subject = subjects.deadLetter(consumer, tenantId);
    await js.publish(subject, JSON.stringify(record), { msgID: deadLetterMsgId(record) });
  };
}
