/**
 * Parses an event read back from NATS AND checks it arrived on the subject the contract gives it.
 * A publisher whose credentials allow tenant A's subjects must not be able to plant an event that
 * claims to be tenant B's (or another entity's): every consumer reads through this, and a
 * mismatch is refused like invalid data (`SubjectMismatch`), never applied.
 */
import type { EventRegistry, ParseResult } from './event-registry.ts';
import type { Subjects } from './subjects.ts';

interface RoutableEvent {
  readonly id: string;
  readonly type: string;
  readonly tenantId: string;
  readonly data: unknown;
}

export function parseEventAt<E extends RoutableEvent>(
  registry: EventRegistry<E>,
  subjects: Subjects,
  bytes: Uint8Array | string,
  subject: string,
): ParseResult<E> {
  const parsed = registry.parseJson(bytes);
  if (!parsed.ok) return parsed;
  const { event } = parsed;
  const definition = registry.definitionOf(event.type);
  const expected = definition === undefined ? undefined : subjects.of(definition, event);
  if (expected === subject) return parsed;
  return {
    ok: false,
    code: 'SubjectMismatch',
    reason: `${event.type} of tenant ${event.tenantId} arrived on ${subject}, but its subject is ${expected ?? '(none)'}`,
    partial: { type: event.type, id: event.id },
  };
}
