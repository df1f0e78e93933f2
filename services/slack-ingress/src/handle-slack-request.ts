/**
 * One Slack Events API request, from raw body to the answer Slack gets (CHAN-02, CHAN-06,
 * TNNT-02). The order is the guarantee: nothing is read before the signature is verified (bad or
 * stale → 401, nothing published); the handshake is answered; the workspace is resolved (unknown
 * → 200 so Slack stops, counted); the event is classified; an addressed message is published and
 * its PubAck awaited before the 200, so an acknowledged event is stored. A failed lookup or publish
 * is a 500 and Slack retries with the same `event_id`, which yields the same message id.
 * No Slack Web API or LLM call happens here, so the answer comes well inside Slack's 3 s.
 */

import type { Logger } from '@konstruct/observability';
import type { KonstructEvent } from '@konstruct/schemas';
import { buildMessageReceived } from './build-message-received.ts';
import { classifySlackEvent } from './classify-slack-event.ts';
import type { CountOutcome } from './ingress-metrics.ts';
import { SlackEnvelopeType, SlackEventCallback, SlackUrlVerification } from './slack-event.ts';
import { verifySlackSignature } from './slack-signature.ts';
import type { WorkspaceDirectory } from './workspace-directory.ts';

export interface SlackRequest {
  readonly rawBody: string;
  readonly signature: string | undefined;
  readonly timestamp: string | undefined;
  /** `X-Slack-Retry-Num`, for the logs: dedup is by event id, not by this header. */
  readonly retryNum: string | undefined;
}

export interface SlackResponse {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
}

export interface SlackRequestDeps {
  readonly signingSecret: string;
  readonly now: () => number;
  readonly directory: WorkspaceDirectory;
  readonly publish: (event: KonstructEvent) => Promise<{ readonly duplicate: boolean }>;
  readonly count: CountOutcome;
  readonly logger: Logger;
}

const OK: SlackResponse = { status: 200, body: { ok: true } };

export async function handleSlackRequest(
  deps: SlackRequestDeps,
  request: SlackRequest,
): Promise<SlackResponse> {
  const verdict = verifySlackSignature(deps.signingSecret, request, deps.now());
  if (!verdict.ok) {
    deps.count('bad_signature');
    deps.logger.warn({ code: verdict.code }, 'slack request refused: signature');
    return { status: 401, body: { ok: false, error: verdict.code } };
  }
  const json = parseJson(request.rawBody);
  const envelope = SlackEnvelopeType.safeParse(json);
  if (!envelope.success) return invalid(deps, 'not a Slack Events API body');
  if (envelope.data.type === 'url_verification') {
    const handshake = SlackUrlVerification.safeParse(json);
    if (!handshake.success) return invalid(deps, 'url_verification without a challenge');
    deps.count('url_verification');
    return { status: 200, body: { challenge: handshake.data.challenge } };
  }
  if (envelope.data.type !== 'event_callback') {
    deps.count('ignored');
    return OK;
  }
  const callback = SlackEventCallback.safeParse(json);
  if (!callback.success) return invalid(deps, 'event_callback without team, event id or time');
  return handleEventCallback(deps, callback.data, request.retryNum);
}

async function handleEventCallback(
  deps: SlackRequestDeps,
  callback: SlackEventCallback,
  retryNum: string | undefined,
): Promise<SlackResponse> {
  const log = deps.logger.child({ teamId: callback.team_id, slackEventId: callback.event_id });
  try {
    const workspace = await deps.directory.resolve(callback.team_id);
    if (workspace === undefined) {
      deps.count('unknown_workspace');
      log.info('event from a workspace no tenant has connected: ignored');
      return OK;
    }
    const classification = classifySlackEvent(callback.event, workspace.botUserId);
    if (classification.decision === 'ignore') {
      deps.count('ignored');
      log.debug({ reason: classification.reason }, 'slack event ignored');
      return OK;
    }
    const delivery = {
      teamId: callback.team_id,
      eventId: callback.event_id,
      eventTime: callback.event_time,
    };
    const event = buildMessageReceived(delivery, workspace, classification.message);
    const { duplicate } = await deps.publish(event);
    deps.count(duplicate ? 'duplicate' : 'published');
    log.debug({ messageId: event.id, duplicate, retryNum }, 'message received');
    return OK;
  } catch (error) {
    deps.count('failed');
    log.error({ err: error, retryNum }, 'slack event not stored; Slack will retry');
    return { status: 500, body: { ok: false, error: 'NotStored' } };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function invalid(deps: SlackRequestDeps, reason: string): SlackResponse {
  deps.count('invalid_body');
  deps.logger.warn({ reason }, 'slack request refused: body');
  return { status: 400, body: { ok: false, error: 'InvalidBody' } };
}
