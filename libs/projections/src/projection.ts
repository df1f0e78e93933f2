/**
 * What a projection is: a name (its checkpoint in `projection_checkpoints`), the event types it
 * reads, the tables it owns (what a rebuild empties), and how it writes an event into them.
 * Guarantees every projection gives: `apply` is idempotent per stream position when guarded by
 * the checkpoint (the apply loop never hands it an event at or below its checkpoint), touches
 * only the event's tenant's rows (the transaction is already scoped to that tenant under RLS),
 * and takes every timestamp from the event, so a rebuild reproduces each row exactly.
 */
import type { Database, Transaction } from '@konstruct/db';
import type { KonstructEvent, KonstructEventType } from '@konstruct/schemas';

/** An event with its position in the events stream. */
export interface ProjectedEvent<E extends KonstructEvent = KonstructEvent> {
  readonly event: E;
  readonly sequence: number;
}

export type EventOfType<T extends KonstructEventType> = Extract<KonstructEvent, { type: T }>;

export type ProjectionTable = keyof Database;

export interface Projection {
  readonly name: string;
  readonly eventTypes: readonly KonstructEventType[];
  readonly tables: readonly ProjectionTable[];
  /** Applies one event (ignored when its type is not one of `eventTypes`). */
  apply(trx: Transaction<Database>, event: KonstructEvent, streamSequence: number): Promise<void>;
  /**
   * Applies events of ONE tenant in stream order, with the same effect as `apply` one by one,
   * in as few statements as the projection can (the batch path of the apply loop).
   */
  applyMany(trx: Transaction<Database>, entries: readonly ProjectedEvent[]): Promise<void>;
}

export interface ProjectionSpec<T extends KonstructEventType> {
  readonly name: string;
  readonly eventTypes: readonly T[];
  readonly tables: readonly ProjectionTable[];
  readonly apply: (
    trx: Transaction<Database>,
    event: EventOfType<T>,
    streamSequence: number,
  ) => Promise<void>;
  /** Defaults to `apply` for each entry in turn. */
  readonly applyMany?: (
    trx: Transaction<Database>,
    entries: readonly ProjectedEvent<EventOfType<T>>[],
  ) => Promise<void>;
}

/** Builds a `Projection` that only ever passes its own event types to the spec's functions. */
export function defineProjection<T extends KonstructEventType>(
  spec: ProjectionSpec<T>,
): Projection {
  const types: ReadonlySet<string> = new Set(spec.eventTypes);
  const handles = (event: KonstructEvent): event is EventOfType<T> => types.has(event.type);
  const ownEntries = (entries: readonly ProjectedEvent[]) =>
    entries.filter((entry): entry is ProjectedEvent<EventOfType<T>> => handles(entry.event));
  return {
    name: spec.name,
    eventTypes: spec.eventTypes,
    tables: spec.tables,
    async apply(trx, event, streamSequence) {
      if (handles(event)) await spec.apply(trx, event, streamSequence);
    },
    async applyMany(trx, entries) {
      const own = ownEntries(entries);
      if (own.length === 0) return;
      if (spec.applyMany !== undefined) return spec.applyMany(trx, own);
      for (const entry of own) await spec.apply(trx, entry.event, entry.sequence);
    },
  };
}
