/**
 * The only place that spells NATS subjects, stream names and durable consumer names. Every
 * subject starts with the deployment's namespace (`KONSTRUCT_NAMESPACE`) and then the tenant, so
 * one tenant's whole history is one filter (`<ns>.events.<tenant>.>`) and several platforms can
 * share one NATS without seeing each other. Ids become safe tokens first (`subject-token.ts`).
 *
 *   <ns>.events.<tenant>.<entity>.<entityId>.<noun>.<verb>   facts, stored on the events stream
 *   <ns>.live.<tenant>.<entity>.<entityId>.<noun>.<verb>     ephemeral (reply deltas), core NATS
 *   <ns>.deadletter.<consumer>.<tenant|unknown>              events a consumer gave up on
 *
 * Key-value bucket `<ns>-admin` (keys are subjects too): `aggregate.<tenant>.<entity>.<id>` (an
 * aggregate's version and not-yet-confirmed events) and `claim.<kind>.<value>` (uniqueness).
 */
import { z } from 'zod';
import type { EntityRef, EventDefinition } from './define-event.ts';
import { subjectToken } from './subject-token.ts';

/** The one rule for namespaces: a valid NATS token, stream-name part and Redis key part at once. */
export const NAMESPACE_PATTERN = /^[a-z][a-z0-9_-]{0,30}$/;

export const Namespace = z
  .string()
  .regex(
    NAMESPACE_PATTERN,
    'a namespace is 1–31 lowercase letters, digits, "_" or "-", starting with a letter',
  );

/** Consumer (durable) names: the same alphabet as namespaces. */
export const ConsumerName = Namespace;

export interface EventForSubject {
  readonly type: string;
  readonly tenantId: string;
  readonly data: unknown;
}

export interface Subjects {
  readonly namespace: string;
  /** The subject an event is published on (its definition decides stream or live). */
  of(definition: EventDefinition, event: EventForSubject): string;
  /** Every stored event of every tenant: the events stream's filter. */
  allEvents(): string;
  /** One tenant's whole history. */
  tenantEvents(tenantId: string): string;
  /** One entity's history, e.g. a conversation. */
  entityEvents(tenantId: string, entity: EntityRef): string;
  /** Every entity of one kind in a tenant, e.g. all its agents' events. */
  entityKindEvents(tenantId: string, entity: EntityRef['entity']): string;
  /** Events of one type, for one tenant or all (`tenantId` omitted). */
  eventsOfType(type: string, tenantId?: string): string;
  /** Live (non-stored) events of one entity, e.g. reply deltas of a conversation. */
  liveEntity(tenantId: string, entity: EntityRef): string;
  /** Live events of one type, across tenants or of one tenant (`reply.delta`). */
  liveOfType(type: string, tenantId?: string): string;
  deadLetter(consumer: string, tenantId: string | undefined): string;
  allDeadLetters(): string;
  /** JetStream stream names (no dots allowed there). */
  readonly streams: { readonly events: string; readonly deadLetters: string };
  /** JetStream key-value buckets: `admin` holds aggregate versions and uniqueness claims. */
  readonly buckets: { readonly admin: string };
  /** The key of an aggregate's version register in the admin bucket. */
  aggregateKey(tenantId: string, entity: EntityRef): string;
  /** The key of a platform-wide uniqueness claim (`tenant-slug`, `slack-team`). */
  claimKey(kind: string, value: string): string;
  /** The durable consumer name of a service's consumer. */
  durable(consumer: string): string;
}

export function subjectsFor(namespace: string): Subjects {
  const ns = Namespace.parse(namespace);
  const tenantToken = (tenantId: string) => subjectToken(tenantId);
  const entityTokens = (entity: EntityRef) => `${entity.entity}.${subjectToken(entity.id)}`;
  return {
    namespace: ns,
    of(definition, event) {
      const root = definition.delivery === 'live' ? 'live' : 'events';
      const entity = definition.entityOf(event.data as never, event.tenantId);
      return `${ns}.${root}.${tenantToken(event.tenantId)}.${entityTokens(entity)}.${event.type}`;
    },
    allEvents: () => `${ns}.events.>`,
    tenantEvents: (tenantId) => `${ns}.events.${tenantToken(tenantId)}.>`,
    entityEvents: (tenantId, entity) =>
      `${ns}.events.${tenantToken(tenantId)}.${entityTokens(entity)}.>`,
    entityKindEvents: (tenantId, entity) => `${ns}.events.${tenantToken(tenantId)}.${entity}.>`,
    eventsOfType: (type, tenantId) =>
      `${ns}.events.${tenantId === undefined ? '*' : tenantToken(tenantId)}.*.*.${type}`,
    liveEntity: (tenantId, entity) =>
      `${ns}.live.${tenantToken(tenantId)}.${entityTokens(entity)}.>`,
    liveOfType: (type, tenantId) =>
      `${ns}.live.${tenantId === undefined ? '*' : tenantToken(tenantId)}.*.*.${type}`,
    deadLetter: (consumer, tenantId) =>
      `${ns}.deadletter.${ConsumerName.parse(consumer)}.${tenantId === undefined ? 'unknown' : tenantToken(tenantId)}`,
    allDeadLetters: () => `${ns}.deadletter.>`,
    streams: { events: `${ns}-events`, deadLetters: `${ns}-deadletter` },
    durable: (consumer) => `${ns}-${ConsumerName.parse(consumer)}`,
    buckets: { admin: `${ns}-admin` },
    aggregateKey: (tenantId, entity) =>
      `aggregate.${tenantToken(tenantId)}.${entityTokens(entity)}`,
    claimKey: (kind, value) => `claim.${ConsumerName.parse(kind)}.${subjectToken(value)}`,
  };
}
