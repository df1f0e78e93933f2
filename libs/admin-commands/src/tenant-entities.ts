/**
 * Reads every entity of one kind in a tenant (all its agents, all its members) from the stream
 * and folds each, for the rules that look across entities: agent names unique among the tenant's
 * active agents, the last admin kept.
 */
import { readStream } from '@konstruct/event-store';
import { type EntityRef, eventRegistry } from '@konstruct/schemas';
import type { AdminStoreDeps } from './admin-store.ts';

/** The entity id token is the 5th subject token: `<ns>.events.<tenant>.<kind>.<id>.<noun>.<verb>`. */
const ENTITY_TOKEN = 4;

export async function foldEntitiesOfKind<S, E>(
  deps: AdminStoreDeps,
  tenantId: string,
  kind: EntityRef['entity'],
  initial: () => S,
  evolve: (state: S, event: E) => S,
): Promise<Map<string, S>> {
  const states = new Map<string, S>();
  for await (const entry of readStream({
    nc: deps.nc,
    stream: deps.subjects.streams.events,
    filter: deps.subjects.entityKindEvents(tenantId, kind),
    registry: eventRegistry,
    subjects: deps.subjects,
  })) {
    if (!entry.ok) continue;
    const token = entry.subject.split('.')[ENTITY_TOKEN] ?? '';
    states.set(token, evolve(states.get(token) ?? initial(), entry.event as unknown as E));
  }
  return states;
}
