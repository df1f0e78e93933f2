/**
 * Writes one reply into its Slack thread and records in Redis how far it got, so whichever
 * instance holds the reply can continue it.
 * - Stream mode: `chat.startStream` with the first text, `chat.appendStream` with each batch,
 *   never past Slack's 12,000 characters; the completion finishes it (`reply-plan.ts`).
 * - Placeholder mode (a "Thinking…" placeholder is in the thread, or Slack refused to stream —
 *   now or earlier for this connection or channel, `streaming-refusals.ts` — in which case one is
 *   posted now): nothing per delta — streamed `chat.update`s would exhaust
 *   the workspace's quota — and one `chat.update` with the final text at completion.
 * Which mode a message gets is decided once, with the thinking marker (see `egress-store.ts`).
 * A stream Slack stops accepting (an append or the stop refused) is corrected with `chat.update`
 * at completion. Other Slack errors propagate (`SlackRateLimited` ends the attempt); the state,
 * with the finishing steps already done (`sentParts`), lets the next attempt continue without
 * posting a part twice. The message a reply creates (its stream, or its placeholder) is saved as
 * an intent BEFORE the call; an owner that finds an intent without a ts (its predecessor died
 * between the call and saving the ts) first looks in the thread (`conversations.replies`, up to
 * 1,000 messages) and adopts what it finds: a placeholder by its tag (Slack message metadata
 * naming the message it was posted for), a stream — which carries no metadata — as the last app
 * message showing exactly the intended text once Slack's escaping of `&`, `<`, `>` is undone
 * (how Slack renders a `markdown_text` message's `text` beyond that is not verified against
 * real Slack: where it differs, a second stream is still possible). An append whose answer is
 * lost marks the reply `unsure`: nothing more is appended, and the completion rewrites the
 * message whole. Not covered: a follow-up part posted just before a crash is posted again (its
 * ts is not needed later, so it is not recorded).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type EgressStore,
  type ReplyState,
  THINKING_RESERVED,
  THINKING_STREAMED,
} from './egress-store.ts';
import { completionPlan, failurePlan, type ReplyStep } from './reply-plan.ts';
import {
  type SlackApi,
  SlackRateLimited,
  SlackRefused,
  type SlackThread,
  type ThreadMessage,
} from './slack-api.ts';
import {
  apologyFor,
  SLACK_MESSAGE_LIMIT,
  slackUnescaped,
  THINKING_PLACEHOLDER,
} from './slack-text.ts';
import type { StreamingRefusals } from './streaming-refusals.ts';

export interface ReplyWriterDeps {
  readonly store: EgressStore;
  readonly slack: SlackApi;
  readonly thread: SlackThread;
  /** Where Slack refused to stream before: such answers go straight to placeholder mode. */
  readonly refusals: StreamingRefusals;
  readonly connectionId: string;
  readonly tenantId: string;
  readonly messageId: string;
  readonly replyId: string;
  /** How long to wait for a placeholder another handler is posting (default 5 s). */
  readonly placeholderWaitMs?: number;
}

export interface ReplyWriter {
  readonly state: ReplyState;
  /** Adopts the message a previous owner created but did not record (see the header). */
  recover(): Promise<void>;
  /** Appends text to the stream (starting it if needed); nothing in placeholder mode. */
  append(text: string): Promise<void>;
  complete(finalText: string): Promise<void>;
  fail(referenceId: string): Promise<void>;
}

/** One finishing step against Slack. */
async function perform(slack: SlackApi, thread: SlackThread, step: ReplyStep): Promise<void> {
  switch (step.kind) {
    case 'post':
      await slack.postMessage(thread, step.markdown);
      return;
    case 'update':
      await slack.update(thread, step.ts, step.markdown);
      return;
    case 'stop':
      try {
        await slack.stopStream(thread, step.ts, step.markdown);
      } catch (error) {
        if (!(error instanceof SlackRefused)) throw error;
        await slack.update(thread, step.ts, step.whole);
      }
      return;
    default: {
      const unknown: never = step;
      throw new TypeError(`unknown reply step ${JSON.stringify(unknown)}`);
    }
  }
}

export function createReplyWriter(deps: ReplyWriterDeps, initial: ReplyState): ReplyWriter {
  const { store, slack, thread, tenantId, replyId, messageId } = deps;
  let state: ReplyState = initial;
  let appendsRefused = false;
  const save = async (change: Partial<ReplyState>) => {
    state = { ...state, ...change };
    await store.saveReply(tenantId, replyId, change);
  };

  /**
   * The last app message in the thread that `matches` (ours, created unrecorded). A workspace
   * that refuses the lookup (an app installed without the history scopes) is treated as having
   * none: the reply goes on as before rather than failing.
   */
  const findOwn = async (matches: (message: ThreadMessage) => boolean) => {
    try {
      return (await slack.botMessages(thread)).findLast(matches)?.ts;
    } catch (error) {
      if (error instanceof SlackRefused) return undefined;
      throw error;
    }
  };
  /** This message's placeholder: tagged with its message id (Slack message metadata). */
  const findPlaceholder = () => findOwn((message) => message.placeholderFor === messageId);
  /** A stream showing exactly what was intended: streams carry no metadata, only their text. */
  const findStream = (text: string) => findOwn((message) => slackUnescaped(message.text) === text);

  /**
   * How the thinking moment was shown — the placeholder's ts, or `streamed` — claiming `streamed`
   * when nothing was, so no placeholder can follow. While a placeholder is being posted it waits
   * briefly, claiming again each time (a post Slack rate-limited gives its reservation back). One
   * still "being posted" after the wait was posted by a handler that died before recording it, or
   * never: it is looked for in the thread, and when none is there the marker says `streamed`.
   */
  const thinkingShown = async (): Promise<string> => {
    const deadline = Date.now() + (deps.placeholderWaitMs ?? 5_000);
    for (;;) {
      const marker = await store.claimThinking(tenantId, messageId, THINKING_STREAMED);
      if (marker !== THINKING_RESERVED) return marker;
      if (Date.now() > deadline) {
        const shown = (await findPlaceholder()) ?? THINKING_STREAMED;
        await store.setThinking(tenantId, messageId, shown);
        return shown;
      }
      await sleep(100);
    }
  };

  /** After a takeover: adopts the message a dead owner created but did not record. */
  const adoptUnrecorded = async (): Promise<void> => {
    if (state.mode !== undefined || state.intent === undefined) return;
    if (state.intent === 'stream') {
      const ts = await findStream(state.intended);
      if (ts !== undefined) await save({ mode: 'stream', ts, streamed: state.intended });
    } else {
      const ts = await findPlaceholder();
      if (ts !== undefined) await save({ mode: 'placeholder', ts });
    }
  };

  /** Decides the mode the first time output is due: stream, unless a placeholder exists. */
  const chooseMode = async (): Promise<void> => {
    if (state.mode !== undefined) return;
    await adoptUnrecorded();
    if (state.mode !== undefined) return;
    const shown = await thinkingShown();
    if (shown !== THINKING_STREAMED) await save({ mode: 'placeholder', ts: shown });
  };

  const place = { tenantId, connectionId: deps.connectionId, channelId: thread.channelId };
  const startStream = async (piece: string) => {
    if (!deps.refusals.isRefused(place)) {
      try {
        await save({ intent: 'stream', intended: piece });
        const ts = await slack.startStream(thread, piece);
        await save({ mode: 'stream', ts, streamed: piece });
        return;
      } catch (error) {
        if (!(error instanceof SlackRefused)) throw error;
        deps.refusals.remember(place, error.slackError);
      }
    }
    // Slack cannot stream here: show a placeholder now, replace it at completion.
    await save({ intent: 'placeholder' });
    const ts = await slack.postMessage(thread, THINKING_PLACEHOLDER, messageId);
    await save({ mode: 'placeholder', ts });
  };

  const appendStream = async (ts: string, piece: string) => {
    try {
      await slack.appendStream(thread, ts, piece);
    } catch (error) {
      if (error instanceof SlackRateLimited) throw error; // not applied: the retry appends it
      if (!(error instanceof SlackRefused)) {
        // the append may have reached Slack (a timeout, a 5xx, a dropped connection): appending
        // again could show the piece twice, so nothing more is appended and the completion
        // rewrites the message whole
        await save({ unsure: true });
        throw error;
      }
      appendsRefused = true; // the completion corrects the message
      return;
    }
    await save({ streamed: state.streamed + piece });
  };

  /** Runs the finishing steps a previous attempt has not done yet, then marks FINISHED. */
  const finish = async (
    plan: (shown: ReplyState & { mode: 'stream' | 'placeholder' }) => ReplyStep[],
  ) => {
    await chooseMode();
    // Neither a stream nor a placeholder: the answer is posted whole. The mode is saved with
    // the first step done (one Redis round trip less); a crash before that save posts again
    // either way, as for any step (see the header).
    let unsaved: Partial<ReplyState> = state.mode === undefined ? { mode: 'placeholder' } : {};
    const mode = state.mode ?? 'placeholder';
    const steps = plan({ ...state, mode });
    for (let index = state.sentParts; index < steps.length; index++) {
      const step = steps[index];
      if (step !== undefined) await perform(slack, thread, step);
      const sentParts = index + 1;
      // The last step and FINISHED are saved together: one Redis round trip less per reply.
      await save({
        ...unsaved,
        sentParts,
        ...(sentParts === steps.length ? { finished: true } : {}),
      });
      unsaved = {};
    }
    if (!state.finished) await save({ ...unsaved, finished: true });
  };

  return {
    get state() {
      return state;
    },
    recover: adoptUnrecorded,
    async append(text) {
      if (text === '') return;
      await chooseMode();
      if (state.mode === 'placeholder' || appendsRefused || state.unsure) return;
      const piece = text.slice(0, Math.max(0, SLACK_MESSAGE_LIMIT - state.streamed.length));
      if (piece === '') return;
      if (state.mode === undefined) await startStream(piece);
      else if (state.ts !== undefined) await appendStream(state.ts, piece);
    },
    complete: (finalText) => finish((shown) => completionPlan(shown, finalText)),
    fail: (referenceId) => finish((shown) => failurePlan(shown, apologyFor(referenceId))),
  };
}
