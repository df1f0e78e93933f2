/**
 * What every admin command does around its decider: parse the input, load the aggregates it
 * decides over (folded from the stream), turn the planned events into envelopes, and append them
 * with optimistic concurrency. A decision error or a lost race becomes an AdminCommandError.
 */
import { type DecisionResult, type PlannedEvent, parseCommand } from '@konstruct/admin';
import type { Publisher } from '@konstruct/bus';
import {
  type AggregateStoreDeps,
  appendToAggregate,
  EventStoreError,
  type LoadedAggregate,
  loadAggregate,
} from '@konstruct/event-store';
import {
  createEvent,
  type EntityRef,
  eventRegistry,
  type KonstructEvent,
  type Subjects,
} from '@konstruct/schemas';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { z } from 'zod';
import { AdminCommandError } from './admin-command-error.ts';

export interface AdminStoreDeps {
  readonly nc: NatsConnection;
  readonly subjects: Subjects;
  readonly publisher: Publisher<KonstructEvent>;
  readonly bucket: KV;
  readonly now?: () => Date;
}

/** What a successful command returns: the id it acted on and the stream sequence to wait for. */
export interface CommandResult {
  readonly id: string;
  /** Stream sequence of the last event written (or of the aggregate's last one if none were). */
  readonly sequence: number;
  /** The aggregate's version after the command. */
  readonly version: number;
}

export function storeDeps(deps: AdminStoreDeps): AggregateStoreDeps {
  return { ...deps, registry: eventRegistry };
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = parseCommand(schema, input);
  if (!parsed.ok) throw new AdminCommandError(parsed.error);
  return parsed.command;
}

export function load(
  deps: AdminStoreDeps,
  tenantId: string,
  entity: EntityRef,
): Promise<LoadedAggregate> {
  return loadAggregate(storeDeps(deps), tenantId, entity);
}

/** Folds an aggregate's history with its evolve function (its events only). */
export function fold<S, E>(
  loaded: LoadedAggregate,
  initial: S,
  evolve: (state: S, event: E) => S,
): S {
  return loaded.events.reduce((state, event) => evolve(state, event as unknown as E), initial);
}

export function decided<P extends PlannedEvent>(result: DecisionResult<P>): readonly P[] {
  if (!result.ok) throw new AdminCommandError(result.error);
  return result.events;
}

/** Builds the envelopes and appends them; `StaleWrite` when anyone wrote since `loaded`. */
export async function commit(
  deps: AdminStoreDeps,
  loaded: LoadedAggregate,
  planned: readonly PlannedEvent[],
): Promise<CommandResult> {
  const occurredAt = deps.now?.() ?? new Date();
  const events = planned.map(
    (item) =>
      createEvent(
        item.definition,
        { tenantId: loaded.tenantId, occurredAt },
        item.data,
      ) as KonstructEvent,
  );
  try {
    const appended = await appendToAggregate(storeDeps(deps), loaded, events);
    return { id: loaded.entity.id, sequence: appended.lastSequence, version: appended.version };
  } catch (error) {
    if (error instanceof EventStoreError && error.code === 'StaleWrite') {
      throw new AdminCommandError({ code: 'StaleWrite', message: error.message }, { cause: error });
    }
    throw error;
  }
}
