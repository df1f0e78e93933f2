/**
 * The conversation's stored events that decide a reply — its messages (`message.received`), the
 * router's verdicts (`message.routed`) and the agent's outcomes (`reply.completed`,
 * `reply.failed`) — read from the events stream (the stream is the truth; Postgres may lag) with
 * direct gets (`readSubjectSlice`), once per routed message, so no consumer is created for it.
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
import { readSubjectSlice, type StreamEntry } from '@konstruct/event-store';
import {
  type EventDefinition,
  eventRegistry,
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
}

/** Read phases, effects before causes; the types of one phase are read side by side. */
const READ_PHASES: readonly (readonly EventDefinition[])[] = [
  [ReplyCompleted, ReplyFailed],
  [MessageRouted],
  [MessageReceived],
];

async function readType(
  deps: ReadDeps,
  { tenantId, conversationId }: ConversationRef,
  definition: EventDefinition,
  signal: AbortSignal,
): Promise<StreamEntry<KonstructEvent>[]> {
  const entries: StreamEntry<KonstructEvent>[] = [];
  for await (const entry of readSubjectSlice({
    nc: deps.nc,
    stream: deps.subjects.streams.events,
    filter: deps.subjects.of(definition, {
      type: definition.type,
      tenantId,
      data: { conversationId },
    }),
    registry: eventRegistry,
    subjects: deps.subjects,
    signal,
  })) {
    entries.push(entry);
  }
  return entries;
}

export async function readConversation(
  deps: ReadDeps,
  ref: ConversationRef,
  signal: AbortSignal,
): Promise<KonstructEvent[]> {
  const entries: StreamEntry<KonstructEvent>[] = [];
  for (const phase of READ_PHASES) {
    const read = await Promise.all(
      phase.map((definition) => readType(deps, ref, definition, signal)),
    );
    entries.push(...read.flat());
  }
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
