/**
 * The thinking moment (CHAN-02): as soon as a Slack message is routed,
 * `assistant.threads.setStatus` ("is thinking…") in its thread. Where Slack refuses the status
 * (`not_allowed`, `missing_scope`, an unknown method, …) a "Thinking…" placeholder is posted in the
 * thread instead, at most once per message (the thinking marker is SET NX first, so a redelivery
 * never posts a second one; a post Slack rate-limited gives the marker back), and the
 * answer later replaces it. Nothing is shown when the answer has already begun, and a status whose
 * call overlapped the answer's start is cleared again (an empty status), also by a redelivery
 * when the clearing call failed.
 */
import { type HandlerOutcome, Outcome } from '@konstruct/bus';
import type { EventOf, MessageRouted } from '@konstruct/schemas';
import type { Logger } from 'pino';
import {
  backoffOutcome,
  type EgressDeps,
  resolveSlack,
  withWorkspaceBackoff,
} from './egress-deps.ts';
import { THINKING_RESERVED, THINKING_STREAMED } from './egress-store.ts';
import { type SlackApi, SlackRateLimited, SlackRefused, type SlackThread } from './slack-api.ts';
import { THINKING_PLACEHOLDER, THINKING_STATUS } from './slack-text.ts';

export async function handleMessageRouted(
  deps: EgressDeps,
  event: EventOf<typeof MessageRouted>,
  logger: Logger,
  signal: AbortSignal,
  redelivered = false,
): Promise<HandlerOutcome> {
  if (event.data.channel !== 'slack') return Outcome.ack();
  const { tenantId } = event;
  const { messageId } = event.data;
  const prepared = await resolveSlack(deps, event, logger, signal);
  if (!prepared.ok) return prepared.outcome;
  const { target, slack } = prepared;
  // independent Redis reads, asked at once: one round trip
  const [shown, backoff] = await Promise.all([
    deps.store.thinking(tenantId, messageId),
    backoffOutcome(deps, tenantId, target),
  ]);
  // the answer has begun, and an earlier attempt may have set the status and then failed to
  // clear it (see below): a redelivery clears it again, so it does not stay above the answer
  const clearAgain = redelivered && shown === THINKING_STREAMED;
  if (shown !== undefined && !clearAgain) return Outcome.ack();
  if (backoff !== undefined) return backoff;
  if (clearAgain) {
    return withWorkspaceBackoff(deps, tenantId, target, async () => {
      await clearStatus(slack, target.thread);
      return Outcome.ack();
    });
  }
  return withWorkspaceBackoff(deps, tenantId, target, async () => {
    try {
      await slack.setStatus(target.thread, THINKING_STATUS);
      // The answer may have begun (even ended) while the status call was on its way: Slack
      // clears the status when the answer is posted, not when it was posted before the status.
      if ((await deps.store.thinking(tenantId, messageId)) !== undefined) {
        await clearStatus(slack, target.thread);
      }
      return Outcome.ack();
    } catch (error) {
      if (!(error instanceof SlackRefused)) throw error;
      logger.info(
        { slackError: error.slackError },
        'thinking status refused; posting a placeholder',
      );
    }
    const reserved = await deps.store.claimThinking(tenantId, messageId, THINKING_RESERVED);
    if (reserved !== THINKING_RESERVED) return Outcome.ack();
    let ts: string;
    try {
      ts = await slack.postMessage(target.thread, THINKING_PLACEHOLDER, messageId);
    } catch (error) {
      if (error instanceof SlackRateLimited) {
        // nothing was posted: the reservation is given back, so the redelivery after Retry-After
        // posts the placeholder, unless the answer began meanwhile (it claims the marker)
        await deps.store.releaseThinking(tenantId, messageId, THINKING_RESERVED);
      } else if (error instanceof SlackRefused) {
        // refused for good (not_in_channel, …): no placeholder follows, the answer goes on alone
        await deps.store.setThinking(tenantId, messageId, THINKING_STREAMED);
      }
      // any other failure may have posted it: the reservation stays, and the answer looks for
      // the placeholder in the thread before going on (reply-writer.ts), so none is left behind
      throw error;
    }
    await deps.store.setThinking(tenantId, messageId, ts);
    return Outcome.ack();
  });
}

/** An empty status clears it; a workspace that refuses statuses has none to clear. */
async function clearStatus(slack: SlackApi, thread: SlackThread): Promise<void> {
  try {
    await slack.setStatus(thread, '');
  } catch (error) {
    if (!(error instanceof SlackRefused)) throw error;
  }
}
