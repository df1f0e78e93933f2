/**
 * The metrics port of the bus: what it reports, not how. An adapter (prom-client, OTel) lives
 * with observability; the bus only calls these methods, and the no-op default costs nothing.
 * Label values are bounded: event types, consumer names and stable codes, never ids.
 */

export type ConsumeOutcome = 'ack' | 'retry' | 'give_up' | 'dead_letter' | 'invalid';

export interface BusMetrics {
  /** An event was stored (or sent live); `seconds` from sending to its PubAck. */
  published(type: string, seconds: number): void;
  /** A handler finished one delivery (or the runner settled it without one). */
  consumed(consumer: string, type: string, outcome: ConsumeOutcome, seconds: number): void;
  /** A message went to the dead-letter stream; `reason` is a stable code, e.g. `GaveUp`. */
  deadLettered(consumer: string, type: string, reason: string): void;
  /** Messages on the stream the consumer has not been delivered yet. */
  lag(consumer: string, pending: number): void;
}

export const noopMetrics: BusMetrics = {
  published() {},
  consumed() {},
  deadLettered() {},
  lag() {},
};
