/**
 * What every egress handler needs, and the one path from an event to a Slack workspace: the
 * message's Slack target (none for web chat), the workspace's rate-limit wait (shared through
 * Redis), and the connection's client. Each answer that is not "go ahead" is already the
 * handler's outcome (ack, or retry after a delay).
 */
import { type HandlerOutcome, Outcome } from '@konstruct/bus';
import type { ReadEventsOfType } from '@konstruct/event-store';
import type { Subjects } from '@konstruct/schemas';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { DeltaBuffer } from './delta-buffer.ts';
import type { EgressStore } from './egress-store.ts';
import type { EndBuffer } from './end-buffer.ts';
import { type SlackApi, SlackRateLimited } from './slack-api.ts';
import type { FindTarget, MessageRef, SlackTarget } from './slack-target.ts';
import type { SlackWorkspaces } from './slack-workspaces.ts';
import type { StreamingRefusals } from './streaming-refusals.ts';

export interface EgressDeps {
  readonly nc: NatsConnection;
  readonly subjects: Subjects;
  /** This instance's cache of `readEventsOfType` (conversations' earlier replies). */
  readonly readEvents: ReadEventsOfType;
  readonly store: EgressStore;
  /** Reply deltas heard since the service started (delta-buffer.ts). */
  readonly deltas: DeltaBuffer;
  /** Reply ends heard since the service started (end-buffer.ts). */
  readonly ends: EndBuffer;
  readonly findTarget: FindTarget;
  readonly workspaces: SlackWorkspaces;
  readonly batchIntervalMs: number;
  readonly batchChars: number;
  readonly idleTimeoutMs: number;
  /** The reply lease: another instance takes a reply over once it expires. */
  readonly leaseMs: number;
  /** This instance's name in reply claims. */
  readonly instanceId: string;
  /** Where Slack refused to stream (per instance, see streaming-refusals.ts). */
  readonly refusals: StreamingRefusals;
}

export type Prepared =
  | { readonly ok: true; readonly target: SlackTarget; readonly slack: SlackApi }
  | { readonly ok: false; readonly outcome: HandlerOutcome };

/** An event about one received message (routed, rejected, reply started). */
export interface MessageEvent {
  readonly tenantId: string;
  readonly data: { readonly conversationId: string; readonly messageId: string };
}

/**
 * The Slack side of the event's message (its target and the workspace's client), or the outcome
 * that ends the handler now; the workspace's rate-limit wait is not read here (`backoffOutcome`),
 * so a handler can ask it together with its own first Redis read, in one round trip.
 */
export async function resolveSlack(
  deps: EgressDeps,
  event: MessageEvent,
  logger: Logger,
  signal: AbortSignal,
): Promise<Prepared> {
  const { conversationId, messageId } = event.data;
  const ref: MessageRef = { tenantId: event.tenantId, conversationId, messageId };
  const found = await deps.findTarget(ref, signal);
  if (found.kind === 'not_slack') return { ok: false, outcome: Outcome.ack() };
  if (found.kind === 'not_found') {
    return { ok: false, outcome: Outcome.retry('the received message is not in the stream yet') };
  }
  const { target } = found;
  const workspace = await deps.workspaces.forConnection(ref.tenantId, target.connectionId);
  if (workspace.kind === 'removed') {
    logger.info({ connectionId: target.connectionId }, 'connection removed; nothing posted');
    return { ok: false, outcome: Outcome.ack() };
  }
  if (workspace.kind === 'unknown') {
    return { ok: false, outcome: Outcome.retry('the connection is not in the read model yet') };
  }
  return { ok: true, target, slack: workspace.slack };
}

/** A retry until the workspace's Slack rate limit has passed, or undefined when it may be called. */
export async function backoffOutcome(
  deps: EgressDeps,
  tenantId: string,
  target: SlackTarget,
): Promise<HandlerOutcome | undefined> {
  const waitMs = await deps.store.backoffMs(tenantId, target.thread.teamId);
  return waitMs > 0 ? Outcome.retry('the workspace is rate-limited by Slack', waitMs) : undefined;
}

/** `resolveSlack`, then the workspace's rate-limit wait. */
export async function prepareSlack(
  deps: EgressDeps,
  event: MessageEvent,
  logger: Logger,
  signal: AbortSignal,
): Promise<Prepared> {
  const prepared = await resolveSlack(deps, event, logger, signal);
  if (!prepared.ok) return prepared;
  const backoff = await backoffOutcome(deps, event.tenantId, prepared.target);
  return backoff === undefined ? prepared : { ok: false, outcome: backoff };
}

/**
 * Runs `work`; a Slack 429 is remembered for the whole workspace and becomes a retry after
 * Retry-After, so this event waits and other workspaces' events do not.
 */
export async function withWorkspaceBackoff(
  deps: EgressDeps,
  tenantId: string,
  target: SlackTarget,
  work: () => Promise<HandlerOutcome>,
): Promise<HandlerOutcome> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof SlackRateLimited)) throw error;
    await deps.store.rememberBackoff(tenantId, target.thread.teamId, error.retryAfterMs);
    return Outcome.retry('Slack rate-limited the workspace', Math.max(1, error.retryAfterMs));
  }
}
