/**
 * What a decide function returns: the events to append, or why the command is refused. A planned
 * event is an event definition plus its data; the shell turns each into an envelope with
 * `createEvent(definition, { tenantId, … }, data)` (which validates it) and publishes it.
 */
import type { EventDefinition } from '@konstruct/schemas';
import type { z } from 'zod';
import { type AdminError, type AdminErrorCode, adminError } from './admin-error.ts';

export interface PlannedEvent<D extends EventDefinition = EventDefinition> {
  readonly definition: D;
  readonly data: z.input<D['data']>;
}

/** One planned event per definition in the union `D` (keeps definition and data paired). */
export type PlannedEventOf<D extends EventDefinition> = D extends EventDefinition
  ? PlannedEvent<D>
  : never;

export type DecisionResult<P extends PlannedEvent = PlannedEvent> =
  | { readonly ok: true; readonly events: readonly P[] }
  | { readonly ok: false; readonly error: AdminError };

export function plan<D extends EventDefinition>(
  definition: D,
  data: z.input<D['data']>,
): PlannedEvent<D> {
  return { definition, data };
}

export function accept<P extends PlannedEvent>(...events: P[]): DecisionResult<P> {
  return { ok: true, events };
}

export function fail(error: AdminError): { readonly ok: false; readonly error: AdminError } {
  return { ok: false, error };
}

export function reject(
  code: AdminErrorCode,
  message: string,
): { readonly ok: false; readonly error: AdminError } {
  return fail(adminError(code, message));
}

/** Makes a switch exhaustive: a new case that is not handled fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
