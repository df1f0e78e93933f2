/**
 * What a person in Slack would see in one thread, read off the loopback Slack: the bot's messages
 * as they now read (streamed, posted or updated), the thinking statuses set on the thread and the
 * ephemeral notes sent in it. Tests assert on this view rather than on single calls, so they hold
 * whichever Slack method delivered the text.
 */
import type { SlackWebApi } from '@konstruct/testing';

export interface ThreadView {
  readonly messages: readonly {
    readonly text: string;
    readonly updates: number;
    /** A stream not stopped yet. */
    readonly streaming: boolean;
  }[];
  readonly statuses: readonly string[];
  readonly ephemeral: readonly { readonly user: string; readonly text: string }[];
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

export function threadView(
  slack: SlackWebApi,
  teamId: string,
  channel: string,
  threadTs: string,
): ThreadView {
  const inThread = (args: Readonly<Record<string, unknown>>) =>
    str(args.channel ?? args.channel_id) === channel && str(args.thread_ts) === threadTs;
  const ok = (call: { response: Readonly<Record<string, unknown>> }) => call.response.ok === true;
  return {
    messages: slack
      .messages(teamId)
      .filter((message) => message.channel === channel && message.threadTs === threadTs)
      .map((message) => ({
        text: message.text,
        updates: message.updates,
        streaming: message.streaming,
      })),
    statuses: slack
      .callsOf('assistant.threads.setStatus', teamId)
      .filter((call) => ok(call) && inThread(call.args))
      .map((call) => str(call.args.status)),
    ephemeral: slack
      .callsOf('chat.postEphemeral', teamId)
      .filter((call) => ok(call) && inThread(call.args))
      .map((call) => ({
        user: str(call.args.user),
        text: str(call.args.markdown_text ?? call.args.text),
      })),
  };
}

/** The answer as the thread shows it: every bot message's text, in order, joined. */
export function answerText(view: ThreadView): string {
  return view.messages.map((message) => message.text).join('');
}
