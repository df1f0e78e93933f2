/**
 * One Slack event Bolt has verified and authorized, to what is published (CHAN-01, CHAN-02,
 * CHAN-06, TNNT-02): an unknown workspace is counted and dropped (Slack gets 200 and stops); the
 * envelope is parsed with zod; the event is classified; an addressed message is built and
 * published, and the call resolves only after its PubAck, so Bolt (with `processBeforeResponse`)
 * answers 200 only for a stored event. A failed publish throws and Bolt answers 500: Slack retries
 * with the same `event_id`, which yields the same message id, so the retry is stored once.
 * No Slack Web API or LLM call happens here.
 */
import { deferredLogger, type Logger } from '@konstruct/observability';
import type { KonstructEvent } from '@konstruct/schemas';
import { buildMessageReceived, type SlackWorkspace } from './build-message-received.ts';
import { classifySlackEvent } from './classify-slack-event.ts';
import type { CountOutcome, IngressOutcome } from './ingress-metrics.ts';
import { SlackEventCallback } from './slack-event.ts';

export interface SlackEventDeps {
  readonly publish: (event: KonstructEvent) => Promise<{ readonly duplicate: boolean }>;
  readonly count: CountOutcome;
  readonly logger: Logger;
}

/** A verified body that is not an `event_callback` we can key: the edge answers 400. */
export class InvalidSlackBodyError extends Error {
  readonly code = 'InvalidSlackBody';
}

export interface AuthorizedSlackEvent {
  /** The request body as Bolt parsed it (not yet validated). */
  readonly body: unknown;
  /** See `workspaceOf`: null = unknown team, undefined = Bolt skipped authorization. */
  readonly workspace: SlackWorkspace | null | undefined;
  readonly retryNum: number | undefined;
}

export async function handleSlackEvent(
  deps: SlackEventDeps,
  { body, workspace, retryNum }: AuthorizedSlackEvent,
): Promise<IngressOutcome> {
  const outcome = await decide(deps, body, workspace, retryNum);
  deps.count(outcome);
  return outcome;
}

async function decide(
  deps: SlackEventDeps,
  body: unknown,
  workspace: SlackWorkspace | null | undefined,
  retryNum: number | undefined,
): Promise<IngressOutcome> {
  const callback = SlackEventCallback.safeParse(body);
  if (!callback.success) {
    throw new InvalidSlackBodyError('event_callback without team, event id or time');
  }
  const { team_id: teamId, event_id: eventId, event_time: eventTime } = callback.data;
  // built only if a line is written: a published message logs at debug, off in production
  const log = deferredLogger(deps.logger, () =>
    deps.logger.child({ teamId, slackEventId: eventId }),
  );
  if (workspace === undefined) return 'ignored';
  if (workspace === null) {
    log.info('event from a workspace no tenant has connected: ignored');
    return 'unknown_workspace';
  }
  const classification = classifySlackEvent(callback.data.event, workspace.botUserId);
  if (classification.decision === 'ignore') {
    log.debug({ reason: classification.reason }, 'slack event ignored');
    return 'ignored';
  }
  const event = buildMessageReceived(
    { teamId, eventId, eventTime },
    workspace,
    classification.message,
  );
  const { duplicate } = await deps.publish(event);
  log.debug({ messageId: event.id, duplicate, retryNum }, 'message received');
  return duplicate ? 'duplicate' : 'published';
}
