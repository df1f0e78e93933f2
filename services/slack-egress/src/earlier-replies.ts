/**
 * Replies of one conversation appear in Slack in message order. A `reply.started` is held back
 * while an EARLIER reply of its conversation is not finished in Slack yet (its egress state in
 * Redis is not `finished`: still streaming, or waiting out a workspace's 429), so reply N+1 never
 * overtakes reply N. "Earlier" is the stream's order of `reply.started` on the conversation's
 * literal subject (read with direct gets, stopping at this reply: one request for a new thread).
 * An earlier reply started more than `recentMs` ago is not waited for (one that Slack refused
 * for good must not hold the conversation back forever). Cost: a Redis read per recent earlier
 * reply, and through the instance's events-of-type cache only the direct gets for what the
 * conversation stored since this instance last asked (the first time, one per earlier reply).
 */
import { type EventOf, ReplyStarted } from '@konstruct/schemas';
import type { EgressDeps } from './egress-deps.ts';

type Started = EventOf<typeof ReplyStarted>;

/** How long an unfinished earlier reply holds later ones back. */
export const EARLIER_REPLY_WAIT_MS = 2 * 60_000;

export async function earlierReplyUnfinished(
  deps: Pick<EgressDeps, 'nc' | 'subjects' | 'store' | 'readEvents'>,
  started: Started,
  options: { readonly recentMs?: number; readonly now?: () => number } = {},
): Promise<boolean> {
  const now = (options.now ?? Date.now)();
  const recentMs = options.recentMs ?? EARLIER_REPLY_WAIT_MS;
  const { tenantId } = started;
  const earlier: string[] = [];
  for await (const entry of deps.readEvents({
    nc: deps.nc,
    subjects: deps.subjects,
    definition: ReplyStarted,
    tenantId,
    about: { conversationId: started.data.conversationId },
  })) {
    if (!entry.ok) continue;
    const { event } = entry;
    if (event.id === started.id) break;
    if (event.type !== 'reply.started' || event.data.replyId === started.data.replyId) continue;
    if (now - Date.parse(event.occurredAt) <= recentMs) earlier.push(event.data.replyId);
  }
  for (const replyId of earlier) {
    if (!(await deps.store.replyState(tenantId, replyId)).finished) return true;
  }
  return false;
}
