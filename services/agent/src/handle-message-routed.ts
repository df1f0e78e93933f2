/**
 * The agent's handler for one `message.routed`, a thin shell over the pure modules: read the
 * conversation from the stream; if this message already has a reply, ack (a redelivery makes no
 * second LLM call); if an earlier routed message is still unanswered, wait inside the handler —
 * woken by that reply, re-reading with a short backoff, bounded by the stale limit — so replies
 * go in message order even with several instances competing on the consumer; then build the
 * prompt (system prompt, bounded history, the message last) and stream the reply. A message
 * that cannot be answered by its last delivery gets `reply.started` and `reply.failed`, so the
 * person sees an apology rather than a thinking indication that never ends.
 */
import { type HandlerContext, type HandlerOutcome, Outcome } from '@konstruct/bus';
import type { ModelGroupName } from '@konstruct/llm';
import type { EventOf, KonstructEvent, MessageRouted } from '@konstruct/schemas';
import type { AgentSettings } from './config.ts';
import type { ConversationRef, ReadUntil } from './conversation-events.ts';
import { type ConversationView, viewConversation } from './conversation-view.ts';
import { generateReply, publishFailure, type ReplyDeps, replyIdOf } from './generate-reply.ts';
import { historyWindow } from './history-window.ts';
import type { ReplyWatch } from './reply-watch.ts';
import { type AgentProfile, buildSystemPrompt } from './system-prompt.ts';
import type { WaitingSlots } from './waiting-slots.ts';

type Routed = EventOf<typeof MessageRouted>;

export interface AnsweringAgent extends AgentProfile {
  readonly modelPreference: ModelGroupName;
}

export interface AgentDeps extends ReplyDeps {
  readonly settings: AgentSettings;
  readonly readConversation: (
    ref: ConversationRef,
    signal: AbortSignal,
    until: ReadUntil,
  ) => Promise<KonstructEvent[]>;
  readonly watchReplies: (ref: ConversationRef) => ReplyWatch;
  readonly readAgent: (tenantId: string, agentId: string) => Promise<AnsweringAgent | undefined>;
  /** Fires when the service stops: a message still waiting for an earlier one is handed back. */
  readonly stopping: AbortSignal;
  readonly maxDeliver: number;
  /** Caps how many handlers wait for an earlier message at once (see waiting-slots.ts). */
  readonly waitingSlots: WaitingSlots;
  readonly now?: () => number;
}

const FIRST_WAIT_MS = 100;
const LONGEST_WAIT_MS = 2_000;
/**
 * When every waiting slot is taken, the message comes back after 1 s, 2 s, 4 s, … 30 s: its 20
 * deliveries then span about 7.5 minutes, longer than the default 5-minute stale limit after
 * which an earlier message is no longer waited for, so waiting does not dead-letter it.
 */
export const WAITING_FULL_RETRY_MS = 1_000;
const WAITING_FULL_RETRY_MAX_MS = 30_000;

/**
 * Reads until nothing earlier is pending (or stale); 'stopped' when the service stops while
 * waiting, 'no-slot' when waiting would take a slot past the cap.
 */
async function viewWhenItsTurn(
  deps: AgentDeps,
  routed: Routed,
  ctx: HandlerContext,
): Promise<ConversationView | 'stopped' | 'no-slot'> {
  const ref = { tenantId: routed.tenantId, conversationId: routed.data.conversationId };
  const waitSignal = AbortSignal.any([ctx.signal, deps.stopping]);
  const now = deps.now ?? Date.now;
  let watch: ReplyWatch | undefined;
  let waitMs = FIRST_WAIT_MS;
  try {
    for (;;) {
      const events = await deps.readConversation(ref, ctx.signal, {
        routedId: routed.id,
        messageId: routed.data.messageId,
      });
      const view = viewConversation(events, routed, {
        now: now(),
        staleAfterMs: deps.settings.orderStaleAfterMs,
      });
      if (view.answered || view.waitingFor === undefined) return view;
      if (watch === undefined) {
        if (!deps.waitingSlots.tryEnter()) {
          // on its last delivery the message is answered now rather than dead-lettered unanswered
          if (ctx.deliveryCount >= deps.maxDeliver) return view;
          return 'no-slot';
        }
        // subscribe first, then re-read: a reply stored in between is not missed
        watch = deps.watchReplies(ref);
        continue;
      }
      ctx.logger.debug({ waitingFor: view.waitingFor.id }, 'waiting for an earlier message');
      if (!(await watch.wait(waitMs, waitSignal))) return 'stopped';
      waitMs = Math.min(waitMs * 2, LONGEST_WAIT_MS);
    }
  } finally {
    if (watch !== undefined) {
      watch.close();
      deps.waitingSlots.leave();
    }
  }
}

export async function handleMessageRouted(
  deps: AgentDeps,
  routed: Routed,
  ctx: HandlerContext,
): Promise<HandlerOutcome> {
  try {
    return await answer(deps, routed, ctx);
  } catch (error) {
    if (ctx.deliveryCount < deps.maxDeliver) throw error;
    // the last delivery failed too: the message goes to the dead letters for an operator, and
    // the person is told (with the reference id the error log carries) instead of left waiting
    await tellUnanswered(deps, routed, ctx, error);
    return Outcome.giveUp(
      `failed on every delivery (reference ${replyIdOf(routed)}): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * A message left without an answer when its deliveries run out — its last one failed (`cause`),
 * or the runner's `onExhausted`: retried on its last delivery, e.g. by a shutdown, or never
 * settled because the process crashed on each — is told so before it goes to the dead letters.
 * Ids are derived, so a reply already started or failed is not stored twice.
 */
export async function tellUnanswered(
  deps: AgentDeps,
  routed: Routed,
  ctx: HandlerContext,
  cause?: unknown,
): Promise<void> {
  ctx.logger.error(
    { err: cause, referenceId: replyIdOf(routed) },
    'no delivery left to answer the message',
  );
  await publishFailure(deps, routed, 'internal_error', 'internal_error', ctx, { startFirst: true });
}

async function answer(
  deps: AgentDeps,
  routed: Routed,
  ctx: HandlerContext,
): Promise<HandlerOutcome> {
  const view = await viewWhenItsTurn(deps, routed, ctx);
  if (view === 'stopped') return Outcome.retry('stopped while waiting for an earlier message');
  if (view === 'no-slot') {
    return Outcome.retry(
      'an earlier message of the conversation is unanswered and every waiting slot is taken',
      Math.min(WAITING_FULL_RETRY_MAX_MS, WAITING_FULL_RETRY_MS * 2 ** (ctx.deliveryCount - 1)),
    );
  }
  if (view.answered) {
    ctx.logger.info('the message already has a reply; nothing to do');
    return Outcome.ack();
  }
  if (view.stale.length > 0) {
    ctx.logger.warn(
      { stale: view.stale.map((event) => event.id) },
      'answering without waiting for earlier messages that stayed unanswered past the stale limit',
    );
  }
  if (view.waitingFor !== undefined) {
    ctx.logger.warn(
      { waitingFor: view.waitingFor.id },
      'answering on the last delivery without waiting: every waiting slot is taken',
    );
  }
  const { tenantId } = routed;
  const agent = await deps.readAgent(tenantId, routed.data.agentId);
  if (agent === undefined || view.currentText === undefined) {
    const code = agent === undefined ? 'agent_not_found' : 'message_not_found';
    if (ctx.deliveryCount < deps.maxDeliver)
      return Outcome.retry(`${code}; the projection may lag`);
    ctx.logger.error({ referenceId: replyIdOf(routed), code }, 'cannot answer the message');
    await publishFailure(deps, routed, code, code, ctx, { startFirst: true });
    return Outcome.ack();
  }
  const outcome = await generateReply(
    deps,
    routed,
    {
      system: buildSystemPrompt(agent, routed.data.channel, view),
      messages: historyWindow(view.earlierTurns, view.currentText, deps.settings.historyTokens),
      maxTokens: deps.settings.maxReplyTokens,
    },
    agent.modelPreference,
    ctx,
  );
  return outcome === 'cancelled'
    ? Outcome.retry('the reply was cancelled (stopping)')
    : Outcome.ack();
}
