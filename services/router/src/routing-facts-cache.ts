/**
 * The routing facts (tenant status and threshold, connection, agents) cached per instance, so a
 * message costs no Postgres transaction. They change only through admin events (`tenant.*`,
 * `agent.*`, `connection.*`), which every router instance also hears on core NATS (a stored
 * event reaches plain subscribers too) — but it hears them when they are PUBLISHED, before the
 * projector has written them, so a read made right after the event may still see the old row.
 * Hence: an admin event of a tenant drops that tenant's entries and opens a settling window
 * (`settleMs`, 5 s in the service) during which its facts are read from Postgres on every
 * message and not cached; a read that began before the event is never stored. Entries also
 * expire (`ttlMs`) in case an event was missed while disconnected, at most `maxEntries` are
 * kept, and facts missing a row the message names (a tenant, connection or agent not projected
 * yet) are never cached.
 * What this leaves: a projector lagging more than `settleMs` behind an admin event can leave the
 * old facts cached for up to `ttlMs`.
 */
import type { RoutingFacts, RoutingFactsQuery } from '@konstruct/read-model';
import { eventRegistry, parseEventAt, type Subjects } from '@konstruct/schemas';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';

/** The admin events that change what the router decides. */
export const ROUTING_EVENT_TYPES = [
  'tenant.created',
  'tenant.updated',
  'tenant.deleted',
  'agent.configured',
  'agent.deactivated',
  'connection.added',
  'connection.removed',
] as const;

export interface RoutingFactsCacheOptions {
  readonly ttlMs: number;
  readonly settleMs: number;
  readonly maxEntries: number;
  readonly now?: () => number;
}

export interface RoutingFactsCache {
  read(query: RoutingFactsQuery): Promise<RoutingFacts>;
  close(): void;
}

interface Entry {
  readonly facts: RoutingFacts;
  readonly expiresAt: number;
}

interface TenantState {
  /** Bumped by every admin event of the tenant: a read begun under an older one is not stored. */
  generation: number;
  settlesAt: number;
}

/** Facts missing a row the query names (not projected yet) are read again next time. */
function isComplete(query: RoutingFactsQuery, facts: RoutingFacts): boolean {
  if (facts.tenant === undefined) return false;
  if (query.connectionId !== null && facts.connection === undefined) return false;
  const named = query.agentId ?? facts.connection?.agentId ?? null;
  return named === null || facts.namedAgent !== undefined;
}

export function openRoutingFactsCache(
  nc: NatsConnection,
  subjects: Subjects,
  readFacts: (query: RoutingFactsQuery) => Promise<RoutingFacts>,
  options: RoutingFactsCacheOptions,
): RoutingFactsCache {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const tenants = new Map<string, TenantState>();
  const keyOf = (query: RoutingFactsQuery) =>
    `${query.tenantId}/${query.connectionId ?? '-'}/${query.agentId ?? '-'}`;

  const onAdminEvent = (error: Error | null, msg: { string(): string; subject: string }) => {
    if (error !== null) return;
    const parsed = parseEventAt(eventRegistry, subjects, msg.string(), msg.subject);
    if (!parsed.ok) return;
    const { tenantId } = parsed.event;
    const state = tenants.get(tenantId) ?? { generation: 0, settlesAt: 0 };
    state.generation += 1;
    state.settlesAt = now() + options.settleMs;
    tenants.delete(tenantId);
    tenants.set(tenantId, state);
    // bounded like the entries: the oldest tenant states go first (long settled by then)
    if (tenants.size > options.maxEntries) {
      const oldest = tenants.keys().next().value;
      if (oldest !== undefined) tenants.delete(oldest);
    }
    for (const key of entries.keys()) {
      if (key.startsWith(`${tenantId}/`)) entries.delete(key);
    }
  };
  const subscriptions: Subscription[] = ROUTING_EVENT_TYPES.map((type) =>
    nc.subscribe(subjects.eventsOfType(type), { callback: onAdminEvent }),
  );

  const store = (key: string, facts: RoutingFacts) => {
    entries.delete(key);
    entries.set(key, { facts, expiresAt: now() + options.ttlMs });
    if (entries.size > options.maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
  };

  return {
    async read(query) {
      const key = keyOf(query);
      const cached = entries.get(key);
      if (cached !== undefined && cached.expiresAt > now()) return cached.facts;
      const before = tenants.get(query.tenantId);
      const generation = before?.generation ?? 0;
      const facts = await readFacts(query);
      const after = tenants.get(query.tenantId);
      const settled = after === undefined || after.settlesAt <= now();
      const unchanged = (after?.generation ?? 0) === generation;
      if (settled && unchanged && isComplete(query, facts)) store(key, facts);
      return facts;
    },
    close() {
      for (const subscription of subscriptions) subscription.unsubscribe();
      entries.clear();
    },
  };
}
