/**
 * What a handler says about one delivery, and the pure rule that turns it into what happens to
 * the message: ack, nak with a back-off delay, or dead-letter. A retry past `maxDeliver`
 * becomes a dead letter, so no message is retried forever.
 */

export type HandlerOutcome =
  | { readonly kind: 'ack' }
  | { readonly kind: 'retry'; readonly reason: string; readonly delayMs?: number }
  | { readonly kind: 'give_up'; readonly reason: string };

const ACK: HandlerOutcome = { kind: 'ack' };

/** Outcome constructors, so handlers read `return Outcome.retry('llm busy', 5_000)`. */
export const Outcome = {
  ack: (): HandlerOutcome => ACK,
  retry: (reason: string, delayMs?: number): HandlerOutcome =>
    delayMs === undefined ? { kind: 'retry', reason } : { kind: 'retry', reason, delayMs },
  giveUp: (reason: string): HandlerOutcome => ({ kind: 'give_up', reason }),
} as const;

export interface RetryPolicy {
  /** Delay before delivery n+1 after delivery n failed: `backoffMs[n-1]`, the last one repeats. */
  readonly backoffMs: readonly number[];
  /** Deliveries a handler gets; when the last one fails the message is dead-lettered. */
  readonly maxDeliver: number;
}

export type DeadLetterCode =
  | 'NotJson'
  | 'InvalidEnvelope'
  | 'UnknownEventType'
  | 'InvalidEventData'
  | 'SubjectMismatch'
  | 'GaveUp'
  | 'MaxDeliveriesExhausted';

export type Settlement =
  | { readonly action: 'ack' }
  | { readonly action: 'nak'; readonly delayMs: number; readonly reason: string }
  | { readonly action: 'dead_letter'; readonly code: DeadLetterCode; readonly reason: string };

const ACK_SETTLEMENT: Settlement = { action: 'ack' };

export function backoffDelay(policy: RetryPolicy, deliveryCount: number): number {
  const { backoffMs } = policy;
  if (backoffMs.length === 0) return 0;
  const index = Math.min(Math.max(deliveryCount - 1, 0), backoffMs.length - 1);
  return backoffMs[index] ?? 0;
}

export function settlementOf(
  outcome: HandlerOutcome,
  deliveryCount: number,
  policy: RetryPolicy,
): Settlement {
  switch (outcome.kind) {
    case 'ack':
      return ACK_SETTLEMENT;
    case 'give_up':
      return { action: 'dead_letter', code: 'GaveUp', reason: outcome.reason };
    case 'retry': {
      if (deliveryCount >= policy.maxDeliver) {
        const reason = `failed on all ${deliveryCount} deliveries (max ${policy.maxDeliver}); last: ${outcome.reason}`;
        return { action: 'dead_letter', code: 'MaxDeliveriesExhausted', reason };
      }
      const delayMs = outcome.delayMs ?? backoffDelay(policy, deliveryCount);
      return { action: 'nak', delayMs, reason: outcome.reason };
    }
    default: {
      const unknown: never = outcome;
      throw new TypeError(`unknown handler outcome ${JSON.stringify(unknown)}`);
    }
  }
}
