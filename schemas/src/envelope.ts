/**
 * The one envelope every event travels in. Fields are the same for every type; `data` is typed
 * per event type and version by its definition (`define-event.ts`).
 */
import { z } from 'zod';
import { Uuid } from './ids.ts';

/** Event type names are `noun.verb_past` in snake case, always two tokens (`message.received`). */
export const EventTypeName = z
  .string()
  .regex(/^[a-z][a-z_]*\.[a-z][a-z_]*$/, 'an event type is two snake_case words joined by a dot');

export const TenantId = Uuid.describe('the tenant that owns the event (UUID)');
export type TenantId = z.infer<typeof TenantId>;

export const EnvelopeFields = z.object({
  id: z.uuid({ version: 'v7', message: 'id must be a UUIDv7 (time-ordered)' }),
  type: EventTypeName,
  version: z.number().int().positive(),
  tenantId: TenantId,
  occurredAt: z.iso.datetime({ offset: true, message: 'occurredAt must be an ISO-8601 timestamp' }),
  correlationId: Uuid.describe('the id shared by every event of one interaction'),
  causationId: Uuid.nullable().describe('the id of the event that caused this one, null for none'),
  data: z.unknown(),
});

/** An envelope with any data: what arrives before the type-specific parse. */
export type RawEnvelope = z.infer<typeof EnvelopeFields>;

export interface EventEnvelope<Type extends string, Version extends number, Data> {
  readonly id: string;
  readonly type: Type;
  readonly version: Version;
  readonly tenantId: string;
  readonly occurredAt: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly data: Data;
}
