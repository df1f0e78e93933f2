/**
 * The router's handler, a thin shell around `route-message.ts`: read the facts (read model,
 * engaged thread), consume rate-limit points only for a message that would be routed, decide,
 * mark the thread engaged, and publish `message.routed` or `message.rejected`. Both are built
 * with `createReaction(…, 'router', …)`: one id per received message whatever the outcome, so a
 * redelivered message republishes into JetStream's duplicate window and is recorded once.
 */
import { createReaction } from '@konstruct/bus';
import type { RoutingFacts, RoutingFactsQuery } from '@konstruct/read-model';
import {
  type EventOf,
  type KonstructEvent,
  type MessageReceived,
  MessageRejected,
  MessageRouted,
} from '@konstruct/schemas';
import type { EngagedThreads } from './engaged-threads.ts';
import type { RateLimits } from './rate-limits.ts';
import {
  admitMessage,
  applyRateLimits,
  isThreadReply,
  type RouteDecision,
} from './route-message.ts';

/** The reaction's purpose: the same for routed and rejected, so each message gets one outcome. */
export const ROUTER_REACTION = 'router';

export interface RouterDeps {
  readonly readFacts: (query: RoutingFactsQuery) => Promise<RoutingFacts>;
  readonly threads: EngagedThreads;
  readonly rateLimits: RateLimits;
  readonly publish: (event: KonstructEvent, signal: AbortSignal) => Promise<unknown>;
}

export async function handleMessageReceived(
  deps: RouterDeps,
  event: EventOf<typeof MessageReceived>,
  signal: AbortSignal,
): Promise<RouteDecision> {
  const { tenantId, data: message } = event;
  const { conversationId } = message;
  const threadEngaged = isThreadReply(message)
    ? await deps.threads.isEngaged(tenantId, conversationId)
    : false;
  const facts = await deps.readFacts({
    tenantId,
    connectionId: message.connectionId,
    agentId: message.metadata.channel === 'web' ? message.metadata.agentId : null,
  });
  const admission = admitMessage({ tenantId, message, facts, threadEngaged });
  if (admission.kind === 'ignored') return admission;
  const decision =
    admission.kind === 'admitted'
      ? applyRateLimits(admission, await deps.rateLimits.consume(tenantId, admission.limits))
      : admission;
  const base = { conversationId, messageId: event.id, channel: message.metadata.channel };
  if (decision.kind === 'routed') {
    if (decision.engagesThread) await deps.threads.engage(tenantId, conversationId);
    await deps.publish(
      createReaction(MessageRouted, event, ROUTER_REACTION, { ...base, agentId: decision.agentId }),
      signal,
    );
  } else {
    const { reason, scope, retryAfterMs, detail } = decision;
    await deps.publish(
      createReaction(MessageRejected, event, ROUTER_REACTION, {
        ...base,
        reason,
        detail,
        ...(scope === undefined ? {} : { scope }),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      }),
      signal,
    );
  }
  return decision;
}
