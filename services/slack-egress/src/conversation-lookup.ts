/**
 * Finds a stored event of one type in one conversation (the stream is the truth; the read model
 * may lag): first the last event on that exact subject (one request, and the usual case: the
 * message being answered is the conversation's latest), else a scan of that subject with
 * `readStream`, from a known lower bound when there is one. The subject is the tenant's own, so another tenant's events never match.
 */
import { readStream } from '@konstruct/event-store';
import {
  type EventDefinition,
  type EventOf,
  eventRegistry,
  parseEventAt,
  type Subjects,
} from '@konstruct/schemas';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

export interface LookupDeps {
  readonly nc: NatsConnection;
  readonly subjects: Subjects;
}

export interface LookupOptions {
  /** The event, if stored, comes after this stream sequence (e.g. a reply after its start). */
  readonly after?: number;
  readonly signal?: AbortSignal;
}

export async function findConversationEvent<D extends EventDefinition>(
  deps: LookupDeps,
  definition: D,
  ref: { readonly tenantId: string; readonly conversationId: string },
  matches: (event: EventOf<D>) => boolean,
  options: LookupOptions = {},
): Promise<EventOf<D> | undefined> {
  const { after = 0, signal } = options;
  const { nc, subjects } = deps;
  const subject = subjects.of(definition, {
    type: definition.type,
    tenantId: ref.tenantId,
    data: { conversationId: ref.conversationId },
  });
  const stream = subjects.streams.events;
  const jsm = await jetstreamManager(nc);
  const last = await jsm.streams.getMessage(stream, { last_by_subj: subject }).catch(() => null);
  if (last === null || last.seq <= after) return undefined;
  const parsed = parseEventAt(eventRegistry, subjects, last.string(), subject);
  if (parsed.ok && parsed.event.type === definition.type) {
    const event = parsed.event as EventOf<D>;
    if (matches(event)) return event;
  }
  for await (const entry of readStream({
    nc,
    stream,
    filter: subject,
    start: { kind: 'sequence', sequence: after + 1 },
    registry: eventRegistry,
    subjects,
    ...(signal === undefined ? {} : { signal }),
  })) {
    if (!entry.ok || entry.event.type !== definition.type) continue;
    const event = entry.event as EventOf<D>;
    if (matches(event)) return event;
  }
  return undefined;
}
