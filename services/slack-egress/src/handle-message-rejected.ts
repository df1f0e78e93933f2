/**
 * A message rejected for the rate limit is never met with silence (CHAN-05): the sender gets the
 * ephemeral notice in the thread, once per rejected event: a
 * Redis marker is checked before posting and set after the post succeeded, so a crash between
 * the two can at worst repeat the notice, never lose it. Other reasons
 * (inactive agent, deleted tenant, …) post nothing for now and are logged.
 */
import { type HandlerOutcome, Outcome } from '@konstruct/bus';
import type { EventOf, MessageRejected } from '@konstruct/schemas';
import type { Logger } from 'pino';
import { type EgressDeps, prepareSlack, withWorkspaceBackoff } from './egress-deps.ts';
import { RATE_LIMITED_SENTENCE } from './slack-text.ts';

export async function handleMessageRejected(
  deps: EgressDeps,
  event: EventOf<typeof MessageRejected>,
  logger: Logger,
  signal: AbortSignal,
): Promise<HandlerOutcome> {
  const { tenantId } = event;
  const { messageId, reason, channel } = event.data;
  if (channel !== 'slack') return Outcome.ack();
  if (reason !== 'rate_limited') {
    logger.info({ reason, messageId }, 'message rejected; nothing posted in Slack');
    return Outcome.ack();
  }
  const prepared = await prepareSlack(deps, event, logger, signal);
  if (!prepared.ok) return prepared.outcome;
  const { target, slack } = prepared;
  if (await deps.store.rejectionNotified(tenantId, event.id)) return Outcome.ack();
  const outcome: HandlerOutcome = await withWorkspaceBackoff(deps, tenantId, target, async () => {
    await slack.postEphemeral(target.thread, RATE_LIMITED_SENTENCE);
    return Outcome.ack();
  });
  if (outcome.kind === 'ack') await deps.store.markRejectionNotified(tenantId, event.id);
  return outcome;
}
