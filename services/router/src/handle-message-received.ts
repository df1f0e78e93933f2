/**
 * The router's handler, a thin shell around `route-message.ts`: read the facts (read model,
 * engaged thread), consume rate-limit points only for a message that would be routed (once per
 * message: a redelivery reuses its recorded verdicts), decide, mark the thread engaged, and
 * publish `message.routed` or `message.rejected`. Two cases are decided again later rather than
 * now, while deliveries remain: a message whose tenant or connection the read model does not
 * hold yet (projection lag right after it was created), and a plain thread reply whose thread's
 * first mention is still being routed. Both are built
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
import type { HeldReplies } from './held-replies.ts';
import type { RateLimitLedger } from './rate-limit-ledger.ts';
import type { RateLimits } from './rate-limits.ts';
import {
  type Admitted,
  admitMessage,
  applyRateLimits,
  isThreadReply,
  type RateLimitVerdict,
  type Rejection,
  type RouteDecision,
  type Routed,
} from './route-message.ts';

/** The reaction's purpose: the same for routed and rejected, so each message gets one outcome. */
export const ROUTER_REACTION = 'router';

type Received = EventOf<typeof MessageReceived>;

export interface RouterDeps {
  readonly readFacts: (query: RoutingFactsQuery) => Promise<RoutingFacts>;
  readonly threads: EngagedThreads;
  readonly rateLimits: RateLimits;
  readonly ledger: RateLimitLedger;
  readonly held: HeldReplies;
  /** An earlier mention of the reply's thread has no router outcome yet (see earlier-mentions.ts). */
  readonly pendingMention: (reply: Received) => Promise<boolean>;
  readonly publish: (
    event: KonstructEvent,
    from: Pick<Delivery, 'signal' | 'traceparent'>,
  ) => Promise<unknown>;
}

export interface Delivery {
  readonly signal: AbortSignal;
  /** The handler's span of the message's trace: the verdict continues it. */
  readonly traceparent?: string | undefined;
  /** Delivered before: its rate-limit verdicts may already be recorded. */
  readonly redelivered: boolean;
  /** No delivery follows this one: decide with what is known now. */
  readonly last: boolean;
  /** The message's stream sequence (orders the replies of one thread). */
  readonly sequence: number;
  /** Deliveries before this one (0 on the first). */
  readonly attempt: number;
}

export type RouterOutcome =
  | { readonly kind: 'decided'; readonly decision: RouteDecision }
  | { readonly kind: 'retry'; readonly why: string; readonly delayMs?: number | undefined };

/**
 * A held reply looks again after 1 s, 3 s, 10 s, 20 s: the last look comes after more than the
 * consumer's 30 s ack wait, so a mention whose router died mid-way (redelivered after the ack
 * wait) still engages the thread before its replies give up waiting.
 */
const HELD_RETRY_MS: readonly number[] = [1_000, 3_000, 10_000, 20_000];

/** A row the message names that the read model does not hold yet (the projection may lag). */
function notProjectedYet(message: Received['data'], facts: RoutingFacts): string | undefined {
  if (facts.tenant === undefined) return 'its tenant is not in the read model yet';
  if (message.connectionId !== null && facts.connection === undefined) {
    return 'its channel connection is not in the read model yet';
  }
  return undefined;
}

/**
 * The decision for an admitted message after its rate limits, with the verdicts of points
 * consumed now (`unrecorded`), which the caller records before publishing the outcome; a
 * redelivery reuses the verdicts an earlier delivery recorded.
 */
async function decideLimits(
  deps: RouterDeps,
  event: Received,
  admitted: Admitted,
  redelivered: boolean,
): Promise<{ decision: Routed | Rejection; unrecorded?: RateLimitVerdict[] }> {
  const { tenantId, id } = event;
  const recorded = redelivered ? await deps.ledger.recall(tenantId, id) : undefined;
  if (recorded !== undefined) return { decision: applyRateLimits(admitted, recorded) };
  const verdicts = await deps.rateLimits.consume(tenantId, admitted.limits);
  return { decision: applyRateLimits(admitted, verdicts), unrecorded: verdicts };
}

export async function handleMessageReceived(
  deps: RouterDeps,
  event: Received,
  delivery: Delivery,
): Promise<RouterOutcome> {
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
  const threadReply = isThreadReply(message);
  if (threadReply && !delivery.last) {
    const wait =
      admission.kind === 'ignored' && (await deps.pendingMention(event))
        ? 'an earlier mention of this thread is still being routed'
        : (await deps.held.earlierHeld(tenantId, conversationId, delivery.sequence))
          ? 'an earlier reply of this thread is held back'
          : undefined;
    if (wait !== undefined) {
      await deps.held.hold(tenantId, conversationId, event.id, delivery.sequence);
      return { kind: 'retry', why: wait, delayMs: HELD_RETRY_MS[delivery.attempt] };
    }
  }
  // a reply held back before is decided now: later replies of its thread may go
  const released = threadReply && delivery.redelivered;
  if (admission.kind === 'ignored') {
    if (released) await deps.held.release(tenantId, conversationId, event.id);
    return { kind: 'decided', decision: admission };
  }
  const missing = notProjectedYet(message, facts);
  if (missing !== undefined && !delivery.last) return { kind: 'retry', why: missing };
  const { decision, unrecorded } =
    admission.kind === 'admitted'
      ? await decideLimits(deps, event, admission, delivery.redelivered)
      : { decision: admission, unrecorded: undefined };
  // New verdicts and the thread's engagement are written at once (one Redis round trip), both
  // before the outcome is published: a redelivery finds the verdicts, a reply the engagement.
  await Promise.all([
    unrecorded === undefined ? undefined : deps.ledger.record(tenantId, event.id, unrecorded),
    decision.kind === 'routed' && decision.engagesThread
      ? deps.threads.engage(tenantId, conversationId)
      : undefined,
  ]);
  const base = { conversationId, messageId: event.id, channel: message.metadata.channel };
  if (decision.kind === 'routed') {
    await deps.publish(
      createReaction(MessageRouted, event, ROUTER_REACTION, { ...base, agentId: decision.agentId }),
      delivery,
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
      delivery,
    );
  }
  if (released) await deps.held.release(tenantId, conversationId, event.id);
  return { kind: 'decided', decision };
}
