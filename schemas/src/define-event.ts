/**
 * `defineEvent` declares one version of one event type: its data schema, the entity it belongs to
 * (which places it in the subject tree) and whether it is stored on the stream or only sent live.
 * The result validates whole envelopes and builds new events, so no service spells a shape twice.
 */
import { z } from 'zod';
import { EnvelopeFields, type EventEnvelope, EventTypeName } from './envelope.ts';
import { deriveEventId, newEventId } from './ids.ts';

/** What an event is about; `<entity>.<id>` is its place under the tenant in the subject tree. */
export interface EntityRef {
  readonly entity: 'tenant' | 'conversation' | 'agent' | 'connection' | 'member' | 'usage';
  readonly id: string;
}

export interface EventDefinition<
  Type extends string = string,
  Version extends number = number,
  DataSchema extends z.ZodType = z.ZodType,
> {
  readonly type: Type;
  readonly version: Version;
  readonly description: string;
  /** `stream`: a fact kept on JetStream. `live`: ephemeral, core NATS only (e.g. reply deltas). */
  readonly delivery: 'stream' | 'live';
  readonly data: DataSchema;
  /** The whole envelope with this type, version and data. */
  readonly schema: z.ZodType<EventEnvelope<Type, Version, z.infer<DataSchema>>>;
  readonly entityOf: (data: z.infer<DataSchema>, tenantId: string) => EntityRef;
}

export type EventOf<D extends EventDefinition> =
  D extends EventDefinition<infer T, infer V, infer S> ? EventEnvelope<T, V, z.infer<S>> : never;

export interface DefineEventInput<
  Type extends string,
  Version extends number,
  S extends z.ZodType,
> {
  readonly type: Type;
  readonly version: Version;
  readonly description: string;
  readonly delivery?: 'stream' | 'live';
  readonly data: S;
  readonly entityOf: (data: z.infer<S>, tenantId: string) => EntityRef;
}

export function defineEvent<Type extends string, Version extends number, S extends z.ZodType>(
  input: DefineEventInput<Type, Version, S>,
): EventDefinition<Type, Version, S> {
  EventTypeName.parse(input.type);
  const schema = EnvelopeFields.extend({
    type: z.literal(input.type),
    version: z.literal(input.version),
    data: input.data,
  })
    .strict()
    .describe(input.description) as unknown as z.ZodType<EventEnvelope<Type, Version, z.infer<S>>>;
  return {
    type: input.type,
    version: input.version,
    description: input.description,
    delivery: input.delivery ?? 'stream',
    data: input.data,
    schema,
    entityOf: input.entityOf,
  };
}

/** Where a new event comes from: the tenant, and the event that caused it (if any). */
export interface EventOrigin {
  readonly tenantId: string;
  /** The event this one reacts to; its correlation id is carried over and it becomes the cause. */
  readonly causedBy?: { readonly id: string; readonly correlationId: string } | undefined;
  /** Override the id, e.g. with `deriveEventId(input.id, purpose)` for idempotent reactions. */
  readonly id?: string | undefined;
  readonly occurredAt?: Date | undefined;
}

/**
 * Builds and validates a new event. Throws a zod error on invalid data: an invalid event is a bug
 * in the producer, never something to publish.
 */
export function createEvent<D extends EventDefinition>(
  definition: D,
  origin: EventOrigin,
  data: z.input<D['data']>,
): EventOf<D> {
  const id = origin.id ?? newEventId();
  const candidate = {
    id,
    type: definition.type,
    version: definition.version,
    tenantId: origin.tenantId,
    occurredAt: (origin.occurredAt ?? new Date()).toISOString(),
    correlationId: origin.causedBy?.correlationId ?? id,
    causationId: origin.causedBy?.id ?? null,
    data,
  };
  return definition.schema.parse(candidate) as EventOf<D>;
}

/** The envelope fields a reaction needs from the event it reacts to. */
export interface CausingEvent {
  readonly id: string;
  readonly tenantId: string;
  readonly correlationId: string;
}

/**
 * Builds the event that `purpose` produces in reaction to `input`: same tenant and correlation,
 * caused by the input, with an id derived from the input's (see `deriveEventId`), so handling a
 * redelivered input republishes the same id into JetStream's duplicate window.
 */
export function createReaction<D extends EventDefinition>(
  definition: D,
  input: CausingEvent,
  purpose: string,
  data: z.input<D['data']>,
): EventOf<D> {
  return createEvent(
    definition,
    { tenantId: input.tenantId, causedBy: input, id: deriveEventId(input.id, purpose) },
    data,
  );
}
