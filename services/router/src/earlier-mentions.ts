/**
 * Whether a plain thread reply may be racing its thread's first mention: the mention is in the
 * stream before the reply, but the router (another handler, another instance) has not published
 * its outcome yet, so the thread is not engaged YET. The stream is the truth: an earlier
 * `message.received` of the same conversation that would engage the thread (a mention or a DM)
 * and has neither `message.routed` nor `message.rejected` is pending, and the reply should be
 * decided again shortly instead of being ignored. Mentions older than `recentMs` are not waited
 * for (one that was dead-lettered must not hold replies back). Each type is read on its own
 * literal subject (a wildcard direct get makes nats-server scan the whole stream). Cost: only a
 * reply in a thread the agent does not follow asks; through the service's events-of-type cache it
 * reads only what its thread stored since the instance last asked (the first question about a
 * thread reads one direct get per earlier message).
 */
import type { ReadEventsOfType } from '@konstruct/event-store';
import {
  type EventDefinition,
  type EventOf,
  type KonstructEvent,
  MessageReceived,
  MessageRejected,
  MessageRouted,
  type Subjects,
} from '@konstruct/schemas';
import type { NatsConnection } from '@nats-io/transport-node';

type Received = EventOf<typeof MessageReceived>;

export interface EarlierMentionDeps {
  readonly nc: NatsConnection;
  readonly subjects: Subjects;
  /** `readEventsOfType`, or (in the service) the instance's cache of it. */
  readonly readEvents: ReadEventsOfType;
  readonly now?: () => number;
}

/** How far back a mention without an outcome still holds a reply back. */
export const PENDING_MENTION_RECENT_MS = 2 * 60_000;

async function idsOnSubject(
  deps: EarlierMentionDeps,
  reply: Received,
  definition: EventDefinition,
  pick: (event: KonstructEvent) => string | undefined,
  stopAt?: string,
): Promise<string[]> {
  const ids: string[] = [];
  for await (const entry of deps.readEvents({
    nc: deps.nc,
    subjects: deps.subjects,
    definition,
    tenantId: reply.tenantId,
    about: { conversationId: reply.data.conversationId },
  })) {
    if (!entry.ok) continue;
    if (entry.event.id === stopAt) break;
    const id = pick(entry.event);
    if (id !== undefined) ids.push(id);
  }
  return ids;
}

const engages = (event: Received) =>
  event.data.metadata.channel === 'slack' &&
  (event.data.metadata.mentioned || event.data.metadata.channelType === 'im');

export async function hasPendingEarlierMention(
  deps: EarlierMentionDeps,
  reply: Received,
  recentMs = PENDING_MENTION_RECENT_MS,
): Promise<boolean> {
  const now = (deps.now ?? Date.now)();
  const mentions = await idsOnSubject(
    deps,
    reply,
    MessageReceived,
    (event) =>
      event.type === 'message.received' &&
      engages(event) &&
      now - Date.parse(event.occurredAt) <= recentMs
        ? event.id
        : undefined,
    reply.id,
  );
  if (mentions.length === 0) return false;
  const messageIdOf = (event: KonstructEvent) =>
    event.type === 'message.routed' || event.type === 'message.rejected'
      ? event.data.messageId
      : undefined;
  const decided = new Set([
    ...(await idsOnSubject(deps, reply, MessageRouted, messageIdOf)),
    ...(await idsOnSubject(deps, reply, MessageRejected, messageIdOf)),
  ]);
  return mentions.some((id) => !decided.has(id));
}
