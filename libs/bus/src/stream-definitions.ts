/**
 * The platform's streams, declared as data: the events stream (every stored fact of every
 * tenant) and the dead-letter stream (messages a consumer gave up on). `ensureStream` applies a
 * declaration idempotently at start-up; limits come from configuration, never from code.
 * Both allow direct gets (`$JS.API.DIRECT.GET`, 2.9+, changeable on an existing stream): short
 * subject slices (one conversation) are read message by message without creating a consumer.
 */

import type { Subjects } from '@konstruct/schemas';
import { DiscardPolicy, RetentionPolicy, StorageType, type StreamConfig } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

export interface StreamLimits {
  /** How long messages are kept (0 = forever). */
  readonly maxAgeMs: number;
  /** Size cap of the stream; the oldest messages go first (-1 = unlimited). */
  readonly maxBytes: number;
  /** 1 on a single server, 3 in a cluster. */
  readonly replicas: number;
  /** How long a message id is remembered for de-duplication. */
  readonly duplicateWindowMs: number;
}

/** The stream fields the platform declares; everything else keeps the server's default. */
export type StreamDefinition = Pick<
  StreamConfig,
  | 'name'
  | 'subjects'
  | 'storage'
  | 'retention'
  | 'discard'
  | 'max_age'
  | 'max_bytes'
  | 'num_replicas'
  | 'duplicate_window'
  | 'allow_direct'
> & { readonly description: string };

function limitsConfig(limits: StreamLimits) {
  return {
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(limits.maxAgeMs),
    max_bytes: limits.maxBytes,
    num_replicas: limits.replicas,
    duplicate_window: nanos(limits.duplicateWindowMs),
    allow_direct: true,
  };
}

export function eventStreamConfig(subjects: Subjects, limits: StreamLimits): StreamDefinition {
  return {
    name: subjects.streams.events,
    description: `Konstruct events of namespace ${subjects.namespace}: every stored fact`,
    subjects: [subjects.allEvents()],
    ...limitsConfig(limits),
  };
}

export function deadLetterStreamConfig(subjects: Subjects, limits: StreamLimits): StreamDefinition {
  return {
    name: subjects.streams.deadLetters,
    description: `Konstruct dead letters of namespace ${subjects.namespace}`,
    subjects: [subjects.allDeadLetters()],
    ...limitsConfig(limits),
  };
}
