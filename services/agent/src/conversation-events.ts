/**
 * The conversation's stored events that decide a reply — its messages (`message.received`), the
 * router's verdicts (`message.routed`) and the agent's outcomes (`reply.completed`,
 * `reply.failed`) — read from the events stream (the stream is the truth; Postgres may lag) with
 * direct gets (`readEventsOfType`), once per routed message, so no consumer is created for it;
 * the service reads through a per-instance cache (`createEventsOfTypeCache`), so a thread's later
 * messages ask the stream only for what was stored since the last read.
 *
 * Each type is read on its own LITERAL subject: a direct get with a wildcard `next_by_subj`
 * makes nats-server 2.9 match every subject of every message block from the start sequence,
 * which grows with the stream (measured on a 30,000-event stream: 3.5–8 ms of server time per
 * get, against 0.1–0.2 ms for a literal subject). The reads go in reverse causal order —
 * outcomes, then verdicts, then messages — so what one read sees was caused by events the later
 * reads will see: an outcome never lacks its routed message, a routed message never lacks its
 * text. (A reply stored between the reads is missed until the next read, which only makes the
 * caller wait once more.) The results are merged in stream order.
 *
 * The subjects are the tenant's own, so another tenant's events can never appear, whatever the
 * conversation id. An entry that does not parse is logged and skipped: one bad event must not stop
 * a conversation.
 */
import type { ReadEventsOfType, StreamEntry } from '@konstruct/event-store';
import {
  type EventDefinition,
  type KonstructEvent,
  MessageReceived,
  MessageRouted,
  ReplyCompleted,
  ReplyFailed,
  type Subjects,
} from '@konstruct/schemas';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';

export interface ConversationRef {
  readonly tenantId: string;
  readonly conversationId: string;
}

interface ReadDeps {
  readonly nc: NatsConnection;
  readonly subjects: Subjects;
  readonly logger: Logger;
  /** `readEventsOfType`, or (in the service) the instance's cache of it. */
  readonly readEvents: ReadEventsOfType;
}

/** The message being answered: verdicts and messages after it do not change its reply. */
export interface ReadUntil {
  readonly routedId: string;
  readonly messageId: string;
}

type Entry = StreamEntry<KonstructEvent>;

/**
 * Every event on one type's subject, in order; with `isLastNeeded`, the read stops after the
 * entry for which it answers true (saving the request that would only find the subject's end).
 */
async function readType(
  deps: ReadDeps,
  { tenantId, conversationId }: ConversationRef,
  definition: EventDefinition,
  signal: AbortSignal,
  isLastNeeded: (event: KonstructEvent) => boolean = () => false,
): Promise<Entry[]> {
  const entries: Entry[] = [];
  for await (const entry of deps.readEvents({
    nc: deps.nc,
    subjects: deps.subjects,
    definition,
    tenantId,
    about: { conversationId },
    signal,
  })) {
    entries.push(entry);
    if (entry.ok && isLastNeeded(entry.event)) break;
  }
  return entries;
}

/**
 * The conversation's events that decide a reply, in stream order. With `until`, verdicts after
 * the routed message being answered are left unread, and messages once every routed message read
 * has its text; outcomes are always read whole.
 */
export async function readConversation(
  deps: ReadDeps,
  ref: ConversationRef,
  signal: AbortSignal,
  until?: ReadUntil,
): Promise<KonstructEvent[]> {
  const outcomes = await Promise.all([
    readType(deps, ref, ReplyCompleted, signal),
    readType(deps, ref, ReplyFailed, signal),
  ]);
  const verdicts = await readType(
    deps,
    ref,
    MessageRouted,
    signal,
    until === undefined ? undefined : (event) => event.id === until.routedId,
  );
  const textsNeeded = new Set<string>(until === undefined ? [] : [until.messageId]);
  for (const entry of verdicts) {
    if (entry.ok && entry.event.type === 'message.routed') {
      textsNeeded.add(entry.event.data.messageId);
    }
  }
  const messages = await readType(
    deps,
    ref,
    MessageReceived,
    signal,
    until === undefined
      ? undefined
      : (event) => textsNeeded.delete(event.id) && textsNeeded.size === 0,
  );
  const entries = [...outcomes.flat(), ...verdicts, ...messages];
  entries.sort((a, b) => a.sequence - b.sequence);
  const events: KonstructEvent[] = [];
  for (const entry of entries) {
    if (entry.ok) events.push(entry.event);
    else {
      deps.logger.warn(
        { streamSequence: entry.sequence, reason: entry.failure.reason },
        'skipping an unreadable conversation event',
      );
    }
  }
  return events;
}
