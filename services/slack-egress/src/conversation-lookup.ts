/**
 * Finds a stored event of one type in one conversation (the stream is the truth; the read model
 * may lag): first the last event on that exact subject (one direct get, and the usual case: the
 * message being answered is the conversation's latest), else a scan of that subject with direct
 * gets (`readSubjectSlice`, no consumer), from a known lower bound when there is one. The subject
 * is the tenant's own, so another tenant's events never match.
 */
import { readLastOnSubject, readSubjectSlice, subjectOfType } from '@konstruct/event-store';
import {
  type EventDefinition,
  type EventOf,
  eventRegistry,
  type Subjects,
} from '@konstruct/schemas';
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
  const subject = subjectOfType({
    nc,
    subjects,
    definition,
    tenantId: ref.tenantId,
    about: { conversationId: ref.conversationId },
  });
  const read = {
    nc,
    stream: subjects.streams.events,
    filter: subject,
    registry: eventRegistry,
    subjects,
  };
  const last = await readLastOnSubject(read).catch(() => undefined);
  if (last === undefined || last.sequence <= after) return undefined;
  const isWanted = (entry: typeof last): entry is typeof last & { ok: true } =>
    entry.ok && entry.event.type === definition.type && matches(entry.event as EventOf<D>);
  if (isWanted(last)) return last.event as EventOf<D>;
  for await (const entry of readSubjectSlice({
    ...read,
    fromSequence: after + 1,
    ...(signal === undefined ? {} : { signal }),
  })) {
    if (isWanted(entry)) return entry.event as EventOf<D>;
  }
  return undefined;
}
