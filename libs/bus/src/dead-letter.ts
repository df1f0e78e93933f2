/**
 * The dead-letter record: everything an operator needs to understand and replay a message a
 * consumer gave up on, as one JSON document on `<ns>.deadletter.<consumer>.<tenant|unknown>`.
 * Its message id is derived from the stream position, so a redelivered message that is
 * dead-lettered again is dropped by the duplicate window.
 */
import { TenantId } from '@konstruct/schemas';
import { z } from 'zod';
import type { DeadLetterCode } from './handler-outcome.ts';

export const DeadLetterRecord = z.object({
  consumer: z.string(),
  stream: z.string(),
  streamSequence: z.number().int().positive(),
  deliveryCount: z.number().int().positive(),
  reason: z.string(),
  code: z.enum([
    'NotJson',
    'InvalidEnvelope',
    'UnknownEventType',
    'InvalidEventData',
    'SubjectMismatch',
    'GaveUp',
    'MaxDeliveriesExhausted',
  ]),
  subject: z.string(),
  headers: z.record(z.string(), z.array(z.string())),
  payloadBase64: z.base64(),
  deadLetteredAt: z.iso.datetime(),
  eventId: z.string().optional(),
  eventType: z.string().optional(),
});
export type DeadLetterRecord = z.infer<typeof DeadLetterRecord>;

export interface DeadLetterInput {
  readonly consumer: string;
  readonly stream: string;
  readonly streamSequence: number;
  readonly deliveryCount: number;
  readonly code: DeadLetterCode;
  readonly reason: string;
  readonly subject: string;
  readonly headers: Record<string, string[]>;
  readonly payload: Uint8Array;
  readonly eventId: string | undefined;
  readonly eventType: string | undefined;
  readonly now: Date;
}

export function deadLetterRecord(input: DeadLetterInput): DeadLetterRecord {
  return {
    consumer: input.consumer,
    stream: input.stream,
    streamSequence: input.streamSequence,
    deliveryCount: input.deliveryCount,
    reason: input.reason,
    code: input.code,
    subject: input.subject,
    headers: input.headers,
    payloadBase64: Buffer.from(input.payload).toString('base64'),
    deadLetteredAt: input.now.toISOString(),
    ...(input.eventId === undefined ? {} : { eventId: input.eventId }),
    ...(input.eventType === undefined ? {} : { eventType: input.eventType }),
  };
}

/** One id per (stream, consumer, stream position): a second dead-lettering is a duplicate. */
export function deadLetterMsgId(
  record: Pick<DeadLetterRecord, 'stream' | 'consumer' | 'streamSequence'>,
) {
  return `dlq:${record.stream}:${record.consumer}:${record.streamSequence}`;
}

/**
 * The tenant a dead letter is filed under: the envelope's tenant only when it is a valid tenant
 * id, so a malformed message cannot choose where it lands.
 */
export function deadLetterTenant(tenantId: string | undefined): string | undefined {
  return tenantId !== undefined && TenantId.safeParse(tenantId).success ? tenantId : undefined;
}
