/**
 * A durable pull consumer declared as data, and the server configuration it becomes on a given
 * server. Several filter subjects need nats-server 2.10 (`filter_subjects`); on 2.9 the consumer
 * gets the one filter that covers them all, and the runner skips (acks) what none of them
 * match — the declaration stays the same on both.
 */
import { AckPolicy, type ConsumerConfig, DeliverPolicy, ReplayPolicy } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { ServerCapabilities } from './server-capabilities.ts';
import { coveringSubject } from './subject-match.ts';

export interface ConsumerDefinition {
  /** The durable name, from `subjects.durable(consumer)`. */
  readonly durable: string;
  /** Subjects of the stream this consumer receives; empty = the whole stream. */
  readonly filterSubjects: readonly string[];
  /** How long the server waits for an ack before redelivering. */
  readonly ackWaitMs: number;
  /**
   * Deliveries before the server stops redelivering (-1 = unlimited). Set it above the runner's
   * `retry.maxDeliver` (e.g. +1) so a delivery lost in a crash still reaches the dead letters.
   */
  readonly maxDeliver: number;
  /** Unacknowledged messages in flight across all instances. */
  readonly maxAckPending: number;
  readonly description: string;
  /**
   * An ack covers every message before it (`AckPolicy.All`), for a consumer that settles whole
   * batches in stream order; otherwise each message is acked on its own. Fixed at creation.
   */
  readonly ackAll?: boolean;
}

/** The consumer fields the platform declares (a subset of the server's configuration). */
export type ManagedConsumerConfig = Pick<
  ConsumerConfig,
  | 'durable_name'
  | 'description'
  | 'ack_policy'
  | 'deliver_policy'
  | 'replay_policy'
  | 'ack_wait'
  | 'max_deliver'
  | 'max_ack_pending'
  | 'filter_subject'
  | 'filter_subjects'
>;

export interface PlannedConsumer {
  readonly config: ManagedConsumerConfig;
  /** True when the server cannot filter exactly and the runner must skip non-matching subjects. */
  readonly clientSideFilter: boolean;
}

function filterConfig(filters: readonly string[], capabilities: ServerCapabilities) {
  if (filters.length === 0) return { config: {}, clientSideFilter: false };
  const [only] = filters;
  if (filters.length === 1 && only !== undefined) {
    return { config: { filter_subject: only }, clientSideFilter: false };
  }
  if (capabilities.multipleFilterSubjects) {
    return { config: { filter_subjects: [...filters] }, clientSideFilter: false };
  }
  return { config: { filter_subject: coveringSubject(filters) }, clientSideFilter: true };
}

export function planConsumer(
  definition: ConsumerDefinition,
  capabilities: ServerCapabilities,
): PlannedConsumer {
  const filter = filterConfig(definition.filterSubjects, capabilities);
  return {
    config: {
      durable_name: definition.durable,
      description: definition.description,
      ack_policy: definition.ackAll === true ? AckPolicy.All : AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      replay_policy: ReplayPolicy.Instant,
      ack_wait: nanos(definition.ackWaitMs),
      max_deliver: definition.maxDeliver,
      max_ack_pending: definition.maxAckPending,
      ...filter.config,
    },
    clientSideFilter: filter.clientSideFilter,
  };
}
