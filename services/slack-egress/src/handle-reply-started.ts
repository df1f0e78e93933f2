/**
 * Owning one reply from `reply.started` until it is in Slack (issue 6, item 4).
 * 1. A FINISHED reply is acked at once (a redelivery never posts twice; checked before the claim
 *    on redeliveries only, and always after it). A reply whose conversation has an earlier reply
 *    not finished in Slack waits (`earlier-replies.ts`), so replies appear in message order also
 *    after a 429. Otherwise the instance claims `egress-claim:<replyId>` (SET NX with a lease,
 *    refreshed while it works); a live claim of another instance means "retry when its lease
 *    runs out".
 * 2. It follows the reply's deltas and its completion/failure through the instance's buffers
 *    (each one subscription opened at start), and looks in the stream for an end stored before
 *    the end buffer was listening (`end-buffer.ts`), so none is missed.
 * 3. Deltas are appended in batches (every `batchIntervalMs` or `batchChars`), the completion
 *    finishes the message (see `reply-writer.ts`), FINISHED is recorded and the event acked.
 * 4. There is no total timeout: a healthy stream may run as long as it needs. With no delta and
 *    no completion for `idleTimeoutMs`, the stream is checked once more, and without a
 *    completion the event is left to be redelivered (retry), posting nothing more.
 * Takeover: the handler keeps its message alive (the consumer runner's keep-alive) and its claim
 * fresh. If the instance dies, both stop: after the consumer's ack wait the event is delivered
 * to another instance, which finds the claim expired, takes it, and continues from the state in
 * Redis — the stream's ts and the text already appended, then, ignoring the deltas (it cannot
 * know which of them were already shown), waits for the completion and appends what is
 * missing. With no state it starts afresh. A 429 ends the attempt the same way (the claim is
 * released at once) and the retry after Retry-After continues from the state.
 */
import { randomUUID } from 'node:crypto';
import { type HandlerOutcome, Outcome } from '@konstruct/bus';
import { type EventOf, ReplyCompleted, ReplyFailed, type ReplyStarted } from '@konstruct/schemas';
import type { Logger } from 'pino';
import { findConversationEvent } from './conversation-lookup.ts';
import { earlierReplyUnfinished } from './earlier-replies.ts';
import {
  backoffOutcome,
  type EgressDeps,
  resolveSlack,
  withWorkspaceBackoff,
} from './egress-deps.ts';
import type { ReplyEnd } from './end-buffer.ts';
import { openReplyFeed, type ReplyFeed, type ReplyRef } from './reply-feed.ts';
import { createReplyWriter, type ReplyWriter } from './reply-writer.ts';

type Started = EventOf<typeof ReplyStarted>;

/** The reply's completion or failure if already stored (after its start, `startedAt`). */
async function storedEnd(
  deps: EgressDeps,
  ref: ReplyRef,
  startedAt: number,
  signal: AbortSignal,
): Promise<ReplyEnd | undefined> {
  const mine = (event: { data: { replyId: string } }) => event.data.replyId === ref.replyId;
  const options = { after: startedAt, signal };
  // both asked at once (one reply has one end): one round trip instead of two
  const [completed, failed] = await Promise.all([
    findConversationEvent(deps, ReplyCompleted, ref, mine, options),
    findConversationEvent(deps, ReplyFailed, ref, mine, options),
  ]);
  return completed ?? failed;
}

interface Session {
  readonly deps: EgressDeps;
  readonly ref: ReplyRef;
  readonly feed: ReplyFeed;
  readonly writer: ReplyWriter;
  /** Taken over from another attempt: deltas are not appended, the completion finishes it. */
  readonly resumed: boolean;
  /** The stream sequence of `reply.started`: its end is stored after it. */
  readonly startedAt: number;
  readonly signal: AbortSignal;
}

async function finish(writer: ReplyWriter, end: ReplyEnd): Promise<HandlerOutcome> {
  if (end.type === 'reply.completed') await writer.complete(end.data.text);
  else await writer.fail(end.data.referenceId);
  return Outcome.ack();
}

/**
 * A reply waiting for an earlier one of its conversation looks again after 0.25 s, 0.5 s, 1 s, …
 * 15 s: the whole 2-minute wait takes about 13 deliveries of the 50 allowed, leaving the rest for
 * 429s and takeovers.
 */
const ORDER_WAIT_FIRST_MS = 250;
const ORDER_WAIT_MAX_MS = 15_000;

/** A quiet reply re-checks the stream this often (an end stored just as we subscribed). */
const QUIET_CHECK_MS = 5_000;

async function runSession(session: Session): Promise<HandlerOutcome> {
  const { deps, feed, writer, resumed, signal } = session;
  let lastActivity = Date.now();
  let lastFlush = lastActivity;
  let lastCheck = lastActivity;
  for (;;) {
    const end = feed.end;
    if (end !== undefined) return finish(writer, end);
    if (signal.aborted) return Outcome.retry('stopping; the reply continues elsewhere');
    const changed = await feed.changed(deps.batchIntervalMs, signal);
    const now = Date.now();
    if (changed) lastActivity = now;
    if (resumed) feed.takeText();
    else if (feed.end === undefined) {
      const due = now - lastFlush >= deps.batchIntervalMs && feed.pendingChars > 0;
      if (due || feed.pendingChars >= deps.batchChars) {
        await writer.append(feed.takeText());
        lastFlush = Date.now();
      }
    }
    const quiet = now - Math.max(lastActivity, lastCheck);
    if (feed.end !== undefined || quiet < Math.min(QUIET_CHECK_MS, deps.idleTimeoutMs)) continue;
    lastCheck = now;
    const found = await storedEnd(deps, session.ref, session.startedAt, signal);
    if (found !== undefined) feed.endWith(found);
    else if (now - lastActivity >= deps.idleTimeoutMs) {
      return Outcome.retry('the reply went quiet; retrying later');
    }
  }
}

export async function handleReplyStarted(
  deps: EgressDeps,
  event: Started,
  context: {
    readonly logger: Logger;
    readonly signal: AbortSignal;
    readonly streamSequence: number;
    readonly deliveryCount: number;
  },
): Promise<HandlerOutcome> {
  const { logger, signal, streamSequence } = context;
  const { tenantId } = event;
  const { conversationId, messageId, replyId } = event.data;
  const { store } = deps;
  // A redelivery acks a finished reply before any other work; a first delivery skips this read
  // (the read after the claim below still sees FINISHED): one Redis round trip less per reply.
  if (context.deliveryCount > 1 && (await store.replyState(tenantId, replyId)).finished) {
    return Outcome.ack();
  }
  // independent reads, asked at once
  const [prepared, waitForEarlier] = await Promise.all([
    resolveSlack(deps, event, logger, signal),
    earlierReplyUnfinished(deps, event),
  ]);
  if (!prepared.ok) return prepared.outcome;
  const { target, slack } = prepared;
  if (waitForEarlier) {
    return Outcome.retry(
      'an earlier reply of this conversation is not in Slack yet',
      Math.min(ORDER_WAIT_MAX_MS, ORDER_WAIT_FIRST_MS * 2 ** (context.deliveryCount - 1)),
    );
  }
  const owner = `${deps.instanceId}/${randomUUID()}`;
  // the workspace's rate-limit wait and the claim, asked at once (one Redis round trip); a
  // claim taken while the workspace must wait is given back
  const [backoff, claim] = await Promise.all([
    backoffOutcome(deps, tenantId, target),
    store.claimReply(tenantId, replyId, owner, deps.leaseMs),
  ]);
  if (backoff !== undefined) {
    if (claim.state !== undefined) await store.releaseReply(tenantId, replyId, owner);
    return backoff;
  }
  if (claim.state === undefined) {
    return Outcome.retry('another instance is writing this reply', claim.heldMs);
  }
  const { state } = claim;
  const ref: ReplyRef = { tenantId, conversationId, replyId };
  const feed = openReplyFeed(ref, deps.deltas, deps.ends);
  const refresh = setInterval(
    () => {
      store.refreshReply(tenantId, replyId, owner, deps.leaseMs).catch((error: unknown) => {
        logger.warn({ err: error, replyId }, 'could not refresh the reply claim');
      });
    },
    Math.max(100, Math.floor(deps.leaseMs / 3)),
  );
  try {
    if (state.finished) return Outcome.ack();
    // an end stored before the feed opened is in the end buffer when it has been listening since
    // before this reply started; otherwise the stream is asked
    if (!deps.ends.hearsAllAfter(streamSequence)) {
      const found = await storedEnd(deps, ref, streamSequence, signal);
      if (found !== undefined) feed.endWith(found);
    }
    const writer = createReplyWriter(
      {
        store,
        slack,
        thread: target.thread,
        refusals: deps.refusals,
        connectionId: target.connectionId,
        tenantId,
        messageId,
        replyId,
      },
      state,
    );
    return await withWorkspaceBackoff(deps, tenantId, target, async () => {
      // a message the previous owner created but did not record is adopted first, so what it
      // already shows is known (and not streamed a second time)
      await writer.recover();
      const { mode } = writer.state;
      const resumed = mode !== undefined;
      if (resumed) logger.info({ replyId, mode }, 'continuing a reply taken over');
      return runSession({ deps, ref, feed, writer, resumed, startedAt: streamSequence, signal });
    });
  } finally {
    clearInterval(refresh);
    feed.close();
    await store.releaseReply(tenantId, replyId, owner);
  }
}
