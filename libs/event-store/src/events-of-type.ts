/**
 * The stored events of ONE type about one entity (e.g. every `reply.started` of a conversation),
 * in stream order: the literal subject such an event is published on, read with direct gets
 * (`readSubjectSlice`). Services ask many small questions of this shape per message — what the
 * router decided about a thread's messages, which replies of a conversation came first — and a
 * literal subject is what keeps each question cheap for nats-server (a wildcard `next_by_subj`
 * scans every subject of the stream). The subject names the tenant, so another tenant's events
 * never appear.
 */
import {
  type EventDefinition,
  eventRegistry,
  type KonstructEvent,
  type Subjects,
} from '@konstruct/schemas';
import type { NatsConnection } from '@nats-io/transport-node';
import type { StreamEntry } from './read-stream.ts';
import { readSubjectSlice } from './read-subject-slice.ts';

export interface EventsOfTypeQuery {
  readonly nc: NatsConnection;
  readonly subjects: Subjects;
  readonly definition: EventDefinition;
  readonly tenantId: string;
  /** The fields the definition derives its entity from, e.g. `{ conversationId }`. */
  readonly about: Readonly<Record<string, unknown>>;
  /** The first stream sequence to consider (1 by default). */
  readonly fromSequence?: number;
  readonly signal?: AbortSignal;
}

/** The literal subject the query's events are published on. */
export function subjectOfType({
  subjects,
  definition,
  tenantId,
  about,
}: EventsOfTypeQuery): string {
  return subjects.of(definition, { type: definition.type, tenantId, data: about });
}

export function readEventsOfType(
  query: EventsOfTypeQuery,
): AsyncGenerator<StreamEntry<KonstructEvent>> {
  const { nc, subjects, fromSequence, signal } = query;
  return readSubjectSlice({
    nc,
    stream: subjects.streams.events,
    filter: subjectOfType(query),
    registry: eventRegistry,
    subjects,
    ...(fromSequence === undefined ? {} : { fromSequence }),
    ...(signal === undefined ? {} : { signal }),
  });
}
