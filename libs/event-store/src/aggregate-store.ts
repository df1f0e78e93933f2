/**
 * Loading an aggregate's history and appending to it without lost updates, on NATS 2.9.
 *
 * JetStream 2.9 can only check "expected last sequence" on one exact subject, and an aggregate's
 * events span several subjects (one per type). So each aggregate has a version register in the
 * admin KV bucket, advanced by compare-and-set *before* its events are published, holding those
 * events until they are confirmed (an outbox). Whoever loads the aggregate next publishes any
 * held event the stream does not have yet (same ids, so JetStream and the projector ignore
 * repeats). Two writers that loaded the same version cannot both advance the register: the
 * second gets `StaleWrite`.
 */
import type { Publisher } from '@konstruct/bus';
import type { EntityRef, EventRegistry, KonstructEvent, Subjects } from '@konstruct/schemas';
import { JetStreamApiError } from '@nats-io/jetstream';
import type { KV, KvEntry } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { z } from 'zod';
import { EventStoreError } from './event-store-errors.ts';
import { readStream } from './read-stream.ts';

export interface AggregateStoreDeps {
  readonly nc: NatsConnection;
  readonly subjects: Subjects;
  readonly registry: EventRegistry<KonstructEvent>;
  readonly publisher: Publisher<KonstructEvent>;
  readonly bucket: KV;
}

export interface LoadedAggregate {
  readonly tenantId: string;
  readonly entity: EntityRef;
  /** The aggregate's events in stream order, including any recovered from the register. */
  readonly events: readonly KonstructEvent[];
  /** Number of events: what `expectedVersion` is compared with. */
  readonly version: number;
  /** The register's KV revision (0: none yet), the compare-and-set token of `append`. */
  readonly revision: number;
  /** Stream sequence of the aggregate's last event (0: none). */
  readonly lastSequence: number;
}

const RegisterValue = z.object({
  version: z.number().int().nonnegative(),
  pending: z.array(z.unknown()),
});

export async function loadAggregate(
  deps: AggregateStoreDeps,
  tenantId: string,
  entity: EntityRef,
): Promise<LoadedAggregate> {
  const events: KonstructEvent[] = [];
  let lastSequence = 0;
  for await (const entry of readStream({
    nc: deps.nc,
    stream: deps.subjects.streams.events,
    filter: deps.subjects.entityEvents(tenantId, entity),
    registry: deps.registry,
    subjects: deps.subjects,
  })) {
    if (!entry.ok) {
      throw new EventStoreError(
        'CorruptRegister',
        `event #${entry.sequence} of ${entity.entity} ${entity.id} does not parse: ${entry.failure.reason}`,
      );
    }
    events.push(entry.event);
    lastSequence = entry.sequence;
  }
  const register = await deps.bucket.get(deps.subjects.aggregateKey(tenantId, entity));
  const revision = register?.operation === 'PUT' ? register.revision : (register?.revision ?? 0);
  const missing = pendingNotInStream(deps, register, events);
  if (missing.length > 0) {
    const results = await deps.publisher.publishMany(missing);
    events.push(...missing);
    lastSequence = Math.max(lastSequence, ...results.map((result) => result.seq ?? 0));
  }
  return { tenantId, entity, events, version: events.length, revision, lastSequence };
}

function pendingNotInStream(
  deps: AggregateStoreDeps,
  register: KvEntry | null,
  events: readonly KonstructEvent[],
): KonstructEvent[] {
  if (register === null || register.operation !== 'PUT') return [];
  const value = RegisterValue.safeParse(register.json());
  if (!value.success) {
    throw new EventStoreError(
      'CorruptRegister',
      `register ${register.key} is not valid: ${value.error.message}`,
    );
  }
  const stored = new Set(events.map((event) => event.id));
  const missing: KonstructEvent[] = [];
  for (const candidate of value.data.pending) {
    const parsed = deps.registry.parse(candidate);
    if (!parsed.ok) {
      throw new EventStoreError(
        'CorruptRegister',
        `register ${register.key} holds an invalid event: ${parsed.reason}`,
      );
    }
    if (!stored.has(parsed.event.id)) missing.push(parsed.event);
  }
  return missing;
}

/** JetStream's answer to a compare-and-set that lost: `wrong last sequence` (10071). */
function isCompareAndSetConflict(error: unknown): boolean {
  if (error instanceof JetStreamApiError && error.code === WRONG_LAST_SEQUENCE) return true;
  return /wrong last sequence|key exists/i.test(errorMessage(error));
}

const WRONG_LAST_SEQUENCE = 10_071;
const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Appends `events` to the aggregate as loaded. Throws `StaleWrite` when anyone appended since
 * the load. Returns the stream sequence of the last event (for read-your-writes).
 */
export async function appendToAggregate(
  deps: AggregateStoreDeps,
  loaded: LoadedAggregate,
  events: readonly KonstructEvent[],
): Promise<{ readonly lastSequence: number; readonly version: number }> {
  if (events.length === 0) return { lastSequence: loaded.lastSequence, version: loaded.version };
  const key = deps.subjects.aggregateKey(loaded.tenantId, loaded.entity);
  const version = loaded.version + events.length;
  const value = JSON.stringify({ version, pending: events });
  try {
    if (loaded.revision === 0) await deps.bucket.create(key, value);
    else await deps.bucket.update(key, value, loaded.revision);
  } catch (error) {
    if (!isCompareAndSetConflict(error)) {
      throw new EventStoreError(
        'WriteOutcomeUnknown',
        `could not tell whether ${loaded.entity.entity} ${loaded.entity.id} was written (${errorMessage(error)}); reload it before retrying`,
        { cause: error },
      );
    }
    throw new EventStoreError(
      'StaleWrite',
      `${loaded.entity.entity} ${loaded.entity.id} was changed by someone else since version ${loaded.version}; reload and retry`,
      { cause: error },
    );
  }
  const results = await deps.publisher.publishMany(events);
  const lastSequence = Math.max(...results.map((result) => result.seq ?? 0));
  return { lastSequence, version };
}
