/**
 * One reply, streamed: `reply.started`, the pool's text as `reply.delta` on core NATS (ephemeral,
 * on the tenant's live conversation subject, index 0, 1, 2, …; pieces that arrive close together
 * are published as one, see `delta-batcher.ts`), then `usage.recorded` and `reply.completed` on
 * JetStream. Every stored event's id is derived from the routed event, so a redelivery republishes
 * into the duplicate window; usage goes before the completed reply, so a message found answered
 * never lacks its accounting. A model that answers nothing (whitespace only) gets `reply.failed`
 * (`empty_reply`, or `content_filter` when the provider says it filtered), so the person is told
 * rather than left waiting. When every provider fails: `reply.failed` with the LlmError code, a
 * user-safe message and a reference id that the error log carries. A cancelled call (shutdown)
 * publishes nothing more: the message is retried.
 */
import {
  isLlmError,
  type LlmPool,
  type LlmRequest,
  type LlmResult,
  type ModelGroupName,
} from '@konstruct/llm';
import {
  createEvent,
  createReaction,
  deriveEventId,
  type EventOf,
  type KonstructEvent,
  type MessageRouted,
  ReplyCompleted,
  ReplyDelta,
  ReplyFailed,
  ReplyStarted,
  UsageRecorded,
} from '@konstruct/schemas';
import type { Logger } from 'pino';
import { createDeltaBatcher } from './delta-batcher.ts';
import { userMessageFor } from './reply-failure.ts';

type Routed = EventOf<typeof MessageRouted>;

/** The purposes the agent's reactions are derived with (one id each per routed message). */
export const AGENT_REACTIONS = {
  reply: 'agent.reply',
  started: 'agent.reply.started',
  completed: 'agent.reply.completed',
  failed: 'agent.reply.failed',
  usage: 'agent.usage',
} as const;

/**
 * Where a reply's events are published from: the handler's signal, and its span of the trace the
 * routed message carries (so the reply's events continue that trace).
 */
export interface PublishScope {
  readonly signal: AbortSignal;
  readonly traceparent: string;
}

export interface ReplyDeps {
  readonly pool: LlmPool;
  readonly publish: (event: KonstructEvent, scope: PublishScope) => Promise<unknown>;
  /** How long streamed text is gathered into one `reply.delta` (see `delta-batcher.ts`). */
  readonly deltaIntervalMs: number;
}

export type ReplyOutcome = 'completed' | 'failed' | 'cancelled';

/** The id every event of the reply to `routed` carries, the same on every delivery. */
export const replyIdOf = (routed: Routed): string =>
  deriveEventId(routed.id, AGENT_REACTIONS.reply);

const replyRef = (routed: Routed) => ({
  conversationId: routed.data.conversationId,
  replyId: replyIdOf(routed),
  messageId: routed.data.messageId,
  agentId: routed.data.agentId,
});

/**
 * Publishes `reply.failed`; the reference id is the reply id, which the caller's log carries.
 * `startFirst` for a message that fails before its reply began: `reply.started` goes first, since
 * channels follow a reply from its start (slack-egress ends its thinking indication with the
 * apology) and a failure without one would never be shown; its id is derived, so one already
 * stored is not stored twice.
 */
export async function publishFailure(
  deps: ReplyDeps,
  routed: Routed,
  errorCode: string,
  userCode: Parameters<typeof userMessageFor>[0],
  scope: PublishScope,
  { startFirst = false }: { readonly startFirst?: boolean } = {},
): Promise<string> {
  const ref = replyRef(routed);
  if (startFirst) {
    await deps.publish(createReaction(ReplyStarted, routed, AGENT_REACTIONS.started, ref), scope);
  }
  await deps.publish(
    createReaction(ReplyFailed, routed, AGENT_REACTIONS.failed, {
      ...ref,
      errorCode,
      userMessage: userMessageFor(userCode),
      referenceId: ref.replyId,
    }),
    scope,
  );
  return ref.replyId;
}

export async function generateReply(
  deps: ReplyDeps,
  routed: Routed,
  request: Omit<LlmRequest, 'signal'>,
  group: ModelGroupName,
  context: PublishScope & { readonly logger: Logger },
): Promise<ReplyOutcome> {
  const { signal } = context;
  const scope: PublishScope = { signal, traceparent: context.traceparent };
  const ref = replyRef(routed);
  await deps.publish(createReaction(ReplyStarted, routed, AGENT_REACTIONS.started, ref), scope);
  let result: LlmResult | undefined;
  const deltas = createDeltaBatcher({
    intervalMs: deps.deltaIntervalMs,
    publish: (text, index) =>
      deps.publish(
        createEvent(
          ReplyDelta,
          { tenantId: routed.tenantId, causedBy: routed },
          { ...ref, index, text },
        ),
        scope,
      ),
  });
  try {
    for await (const part of deps.pool.stream(request, {
      group,
      tenantId: routed.tenantId,
      signal,
    })) {
      if (part.type === 'done') result = part.result;
      else deltas.add(part.text);
    }
    await deltas.finish();
  } catch (error) {
    deltas.discard();
    if (!isLlmError(error)) throw error;
    if (error.code === 'cancelled' || signal.aborted) {
      context.logger.info({ replyId: ref.replyId }, 'reply cancelled; the message will be retried');
      return 'cancelled';
    }
    context.logger.error(
      { err: error, referenceId: ref.replyId, code: error.code },
      'reply failed',
    );
    await publishFailure(deps, routed, error.code, error.code, scope);
    return 'failed';
  }
  if (result === undefined) throw new Error('the LLM stream ended without a result');
  await publishUsage(deps, routed, result, scope);
  if (result.text.trim() === '') {
    // nothing to show: the person gets an apology with a reference id instead of silence
    const code = result.finishReason === 'content_filter' ? 'content_filter' : 'empty_reply';
    context.logger.warn(
      { referenceId: ref.replyId, finishReason: result.finishReason, model: result.model },
      'the model answered nothing',
    );
    await publishFailure(deps, routed, code, code, scope);
    return 'failed';
  }
  await deps.publish(
    createReaction(ReplyCompleted, routed, AGENT_REACTIONS.completed, {
      ...ref,
      text: result.text,
      finishReason: result.finishReason,
      model: result.model,
      usage: result.usage,
    }),
    scope,
  );
  return 'completed';
}

/** The call's accounting, published before the outcome: an answered message never lacks it. */
async function publishUsage(
  deps: ReplyDeps,
  routed: Routed,
  result: LlmResult,
  scope: PublishScope,
): Promise<void> {
  const { usage } = result;
  await deps.publish(
    createReaction(UsageRecorded, routed, AGENT_REACTIONS.usage, {
      agentId: routed.data.agentId,
      conversationId: routed.data.conversationId,
      messageId: routed.data.messageId,
      provider: result.provider,
      deployment: result.deployment,
      model: result.model,
      modelGroup: result.group,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      estimated: usage.estimated,
      latencyMs: result.latencyMs,
      timeToFirstTokenMs: result.timeToFirstTokenMs,
      costMicroUsd: result.costMicroUsd,
      keySource: result.keySource,
    }),
    scope,
  );
}
