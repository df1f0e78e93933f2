/**
 * The least the bus needs to know about an event: the envelope fields it routes, dedups and
 * labels by. Keeping the bus generic over this shape lets tests run it with a registry of
 * test-only events, while services use the platform registry by default.
 */
import { type EventRegistry, eventRegistry, type KonstructEvent } from '@konstruct/schemas';

export interface BusEvent {
  readonly id: string;
  readonly type: string;
  readonly version: number;
  readonly tenantId: string;
  readonly correlationId: string;
  readonly data: unknown;
}

/** The platform registry, typed for any `E` the caller names (it is `KonstructEvent` by default). */
export function defaultRegistry<E extends BusEvent>(): EventRegistry<E> {
  return eventRegistry as unknown as EventRegistry<E>;
}

export type { EventRegistry, KonstructEvent };
