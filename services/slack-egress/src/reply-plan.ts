/**
 * How a reply is finished in Slack, decided from what is already there (pure): the steps that turn
 * the thread into the final answer or the apology. With a stream, the rest of the first part goes
 * with `chat.stopStream` (the final text is the truth; if it does not start with what was streamed
 * — the agent retried — or an append's answer was lost, the stream is stopped and its message
 * corrected with one `chat.update`); with a placeholder, one `chat.update`; beyond 12,000
 * characters, follow-up posts. Steps run in order and are counted, so a retry skips the ones
 * already done.
 */
import { firstPartEnd, SLACK_MESSAGE_LIMIT, splitForSlack } from './slack-text.ts';

export type ReplyStep =
  | { readonly kind: 'post'; readonly markdown: string }
  | { readonly kind: 'update'; readonly ts: string; readonly markdown: string }
  /** Stops the stream with `markdown`; if Slack no longer takes it, update it to `whole`. */
  | {
      readonly kind: 'stop';
      readonly ts: string;
      readonly markdown: string;
      readonly whole: string;
    };

export interface ShownReply {
  readonly mode: 'stream' | 'placeholder';
  /** The stream's or the placeholder's ts; undefined when nothing is shown yet. */
  readonly ts: string | undefined;
  /** Text already appended to the stream. */
  readonly streamed: string;
  /**
   * An append may have reached Slack without being recorded (its answer was lost): the stream
   * may show more than `streamed`, so the completion rewrites the message whole.
   */
  readonly unsure?: boolean;
}

const post = (markdown: string): ReplyStep => ({ kind: 'post', markdown });

function replaceOrPost(ts: string | undefined, parts: readonly string[]): ReplyStep[] {
  const [first = '', ...rest] = parts;
  const head: ReplyStep = ts === undefined ? post(first) : { kind: 'update', ts, markdown: first };
  return [head, ...rest.map(post)];
}

export function completionPlan(shown: ShownReply, finalText: string): ReplyStep[] {
  const { ts, streamed } = shown;
  if (shown.mode !== 'stream' || ts === undefined) {
    return replaceOrPost(ts, splitForSlack(finalText));
  }
  if (shown.unsure === true || !finalText.startsWith(streamed)) {
    const [first = '', ...rest] = splitForSlack(finalText);
    return [
      { kind: 'stop', ts, markdown: '', whole: first },
      { kind: 'update', ts, markdown: first },
      ...rest.map(post),
    ];
  }
  const end = firstPartEnd(finalText, SLACK_MESSAGE_LIMIT, streamed.length);
  const follow = splitForSlack(finalText.slice(end)).filter((part) => part !== '');
  const stop: ReplyStep = {
    kind: 'stop',
    ts,
    markdown: finalText.slice(streamed.length, end),
    whole: finalText.slice(0, end),
  };
  return [stop, ...follow.map(post)];
}

export function failurePlan(shown: ShownReply, apology: string): ReplyStep[] {
  const { ts, streamed } = shown;
  if (shown.mode !== 'stream' || ts === undefined) return replaceOrPost(ts, [apology]);
  const ending = streamed === '' ? apology : `\n\n${apology}`;
  if (streamed.length + ending.length > SLACK_MESSAGE_LIMIT) {
    return [{ kind: 'stop', ts, markdown: '', whole: streamed }, post(apology)];
  }
  return [{ kind: 'stop', ts, markdown: ending, whole: streamed + ending }];
}
