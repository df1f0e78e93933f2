/**
 * Refusing a message: file it as a dead letter, then terminate it so it is never redelivered.
 * If the dead letter cannot be stored, the message is nak'd with back-off instead — it is never
 * dropped without a trace.
 */
import type { Logger } from 'pino';
import { headersToRecord } from './bus-headers.ts';
import { type DeadLetterRecord, deadLetterRecord, deadLetterTenant } from './dead-letter.ts';
import { backoffDelay, type DeadLetterCode, type RetryPolicy } from './handler-outcome.ts';
import type { Delivery } from './in-flight.ts';
import type { BusMetrics, ConsumeOutcome } from './metrics.ts';

export interface Refusal {
  readonly code: DeadLetterCode;
  readonly reason: string;
  readonly tenantId: string | undefined;
  readonly eventId: string | undefined;
  readonly eventType: string | undefined;
  readonly outcome: ConsumeOutcome;
}

export interface RefusalDeps {
  readonly consumer: string;
  readonly stream: string;
  readonly retry: RetryPolicy;
  readonly logger: Logger;
  readonly metrics: BusMetrics;
  readonly deadLetter: (record: DeadLetterRecord, tenantId: string | undefined) => Promise<void>;
  readonly termWithReason: boolean;
}

export async function refuse(
  deps: RefusalDeps,
  delivery: Delivery,
  refusal: Refusal,
  started: number,
): Promise<void> {
  const { msg } = delivery;
  const { consumer, metrics, logger } = deps;
  const type = refusal.eventType ?? 'unknown';
  const record = deadLetterRecord({
    consumer,
    stream: deps.stream,
    streamSequence: msg.info.streamSequence,
    deliveryCount: msg.info.deliveryCount,
    code: refusal.code,
    reason: refusal.reason,
    subject: msg.subject,
    headers: headersToRecord(msg.headers),
    payload: msg.data,
    eventId: refusal.eventId,
    eventType: refusal.eventType,
    now: new Date(),
  });
  const fields = {
    streamSequence: record.streamSequence,
    code: refusal.code,
    subject: msg.subject,
  };
  const seconds = () => (performance.now() - started) / 1000;
  try {
    await deps.deadLetter(record, deadLetterTenant(refusal.tenantId));
  } catch (error) {
    const retryInMs = backoffDelay(deps.retry, msg.info.deliveryCount);
    logger.error(
      { ...fields, err: error, retryInMs },
      'dead-letter publish failed; will redeliver',
    );
    delivery.nak(retryInMs);
    metrics.consumed(consumer, type, 'retry', seconds());
    return;
  }
  delivery.term(deps.termWithReason ? `${refusal.code}: ${refusal.reason}` : undefined);
  logger.warn(
    { ...fields, reason: refusal.reason, eventId: refusal.eventId },
    'message dead-lettered',
  );
  metrics.deadLettered(consumer, type, refusal.code);
  metrics.consumed(consumer, type, refusal.outcome, seconds());
}
