/**
 * What the projector reports, not how: the same instruments as every consumer (events consumed
 * by outcome, dead letters, consumer lag). The observability package's `Metrics` fits this port;
 * the no-op default costs nothing.
 */

export type ProjectorOutcome = 'ack' | 'dead_letter' | 'invalid';

export interface ProjectorMetrics {
  eventConsumed(labels: {
    readonly consumer: string;
    readonly type: string;
    readonly outcome: ProjectorOutcome;
  }): void;
  eventDeadLettered(labels: {
    readonly consumer: string;
    readonly type: string;
    readonly reason: string;
  }): void;
  setConsumerLag(consumer: string, pending: number): void;
}

export const noopProjectorMetrics: ProjectorMetrics = {
  eventConsumed() {},
  eventDeadLettered() {},
  setConsumerLag() {},
};
