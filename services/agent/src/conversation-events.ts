/**
 * The conversation's stored events, read from the events stream in order (the stream is the
 * truth; Postgres may lag) with direct gets (`readSubjectSlice`): read once per routed message,
 * so no consumer is created for it. The filter is the tenant's own conversation subject, so
 * another tenant's events can never appear, whatever the conversation id. An entry that does not
 * parse is logged and skipped: one bad event must not stop a conversation.
 */
import { readSubjectSlice } from '@konstruct/event-store';
import { eventRegistry, type KonstructEvent, type Subjects } from '@konstruct/schemas';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';

export interface ConversationRef {
  readonly tenantId: string;
  readonly conversationId: string;
}

export async function readConversation(
  deps: { readonly nc: NatsConnection; readonly subjects: Subjects; readonly logger: Logger },
  { tenantId, conversationId }: ConversationRef,
  signal: AbortSignal,
): Promise<KonstructEvent[]> {
  const events: KonstructEvent[] = [];
  for await (const entry of readSubjectSlice({
    nc: deps.nc,
    stream: deps.subjects.streams.events,
    filter: deps.subjects.entityEvents(tenantId, { entity: 'conversation', id: conversationId }),
    registry: eventRegistry,
    subjects: deps.subjects,
    signal,
  })) {
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
