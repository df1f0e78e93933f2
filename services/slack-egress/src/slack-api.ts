/**
 * The Slack Web API as the egress needs it, over one workspace's `WebClient`, and what its errors
 * mean here. Clients are made with `rejectRateLimitedCalls: true` and no retries: the default
 * client pauses its whole queue on a 429, and one tenant's rate limit must not stall another's,
 * so a 429 surfaces at once as `SlackRateLimited` and the caller remembers `Retry-After` for the
 * workspace (see `withWorkspaceBackoff` in `egress-deps.ts`). A Slack refusal
 * (`{ ok: false, error }`) becomes `SlackRefused` with Slack's code; anything else (network,
 * 5xx) is thrown as is.
 */
import { ErrorCode, WebClient } from '@slack/web-api';

/** Where a reply goes: a thread in one workspace, and the person it answers. */
export interface SlackThread {
  readonly teamId: string;
  readonly channelId: string;
  readonly threadTs: string;
  /** The Slack user the reply answers (stream recipient, ephemeral target). */
  readonly userId: string;
}

export interface SlackApi {
  setStatus(thread: SlackThread, status: string): Promise<void>;
  /** Posts in the thread; `placeholderFor` tags a "Thinking…" placeholder with its message id. */
  postMessage(thread: SlackThread, markdown: string, placeholderFor?: string): Promise<string>;
  postEphemeral(thread: SlackThread, text: string): Promise<void>;
  update(thread: SlackThread, ts: string, markdown: string): Promise<void>;
  startStream(thread: SlackThread, markdown: string): Promise<string>;
  appendStream(thread: SlackThread, ts: string, markdown: string): Promise<void>;
  stopStream(thread: SlackThread, ts: string, markdown?: string): Promise<void>;
  /** The thread's messages posted by apps (`bot_id`), oldest first (up to 1,000). */
  botMessages(thread: SlackThread): Promise<ThreadMessage[]>;
}

export interface ThreadMessage {
  readonly ts: string;
  readonly text: string;
  /** The message id a placeholder was posted for (its Slack message metadata). */
  readonly placeholderFor: string | undefined;
}

/** The Slack message metadata event type that tags our "Thinking…" placeholders. */
export const PLACEHOLDER_EVENT_TYPE = 'konstruct_thinking';
const THREAD_PAGES = 5;

export class SlackRateLimited extends Error {
  readonly code = 'SlackRateLimited';
  readonly retryAfterMs: number;

  constructor(retryAfterMs: number, options?: ErrorOptions) {
    super(`Slack rate-limited this workspace; retry after ${retryAfterMs} ms`, options);
    this.name = 'SlackRateLimited';
    this.retryAfterMs = retryAfterMs;
  }
}

export class SlackRefused extends Error {
  readonly code = 'SlackRefused';
  /** Slack's error code, e.g. `not_allowed`, `missing_scope`, `method_not_supported_for_channel_type`. */
  readonly slackError: string;

  constructor(slackError: string, options?: ErrorOptions) {
    super(`Slack refused the call: ${slackError}`, options);
    this.name = 'SlackRefused';
    this.slackError = slackError;
  }
}

function translate(error: unknown): unknown {
  const coded = error as { code?: unknown; retryAfter?: unknown; data?: { error?: unknown } };
  if (coded?.code === ErrorCode.RateLimitedError && typeof coded.retryAfter === 'number') {
    return new SlackRateLimited(Math.max(0, coded.retryAfter) * 1000, { cause: error });
  }
  if (coded?.code === ErrorCode.PlatformError && typeof coded.data?.error === 'string') {
    return new SlackRefused(coded.data.error, { cause: error });
  }
  return error;
}

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw translate(error);
  }
}

function tsOf(result: { ts?: string | undefined }, method: string): string {
  if (result.ts === undefined) throw new Error(`Slack answered ${method} without a ts`);
  return result.ts;
}

export function createWebClient(botToken: string, slackApiUrl: string): WebClient {
  return new WebClient(botToken, {
    slackApiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: 30_000,
  });
}

export function slackApiOf(client: WebClient): SlackApi {
  const recipient = (thread: SlackThread) => ({
    recipient_user_id: thread.userId,
    recipient_team_id: thread.teamId,
  });
  return {
    setStatus: (thread, status) =>
      call(async () => {
        await client.assistant.threads.setStatus({
          channel_id: thread.channelId,
          thread_ts: thread.threadTs,
          status,
        });
      }),
    postMessage: (thread, markdown, placeholderFor) =>
      call(async () =>
        tsOf(
          await client.chat.postMessage({
            channel: thread.channelId,
            thread_ts: thread.threadTs,
            markdown_text: markdown,
            ...(placeholderFor === undefined
              ? {}
              : {
                  metadata: {
                    event_type: PLACEHOLDER_EVENT_TYPE,
                    event_payload: { message_id: placeholderFor },
                  },
                }),
          }),
          'chat.postMessage',
        ),
      ),
    postEphemeral: (thread, text) =>
      call(async () => {
        await client.chat.postEphemeral({
          channel: thread.channelId,
          thread_ts: thread.threadTs,
          user: thread.userId,
          text,
        });
      }),
    update: (thread, ts, markdown) =>
      call(async () => {
        await client.chat.update({ channel: thread.channelId, ts, markdown_text: markdown });
      }),
    startStream: (thread, markdown) =>
      call(async () =>
        tsOf(
          await client.chat.startStream({
            channel: thread.channelId,
            thread_ts: thread.threadTs,
            markdown_text: markdown,
            ...recipient(thread),
          }),
          'chat.startStream',
        ),
      ),
    appendStream: (thread, ts, markdown) =>
      call(async () => {
        await client.chat.appendStream({ channel: thread.channelId, ts, markdown_text: markdown });
      }),
    botMessages: (thread) =>
      call(async () => {
        const found: ThreadMessage[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < THREAD_PAGES; page++) {
          const result = await client.conversations.replies({
            channel: thread.channelId,
            ts: thread.threadTs,
            limit: 200,
            include_all_metadata: true,
            ...(cursor === undefined ? {} : { cursor }),
          });
          for (const message of result.messages ?? []) {
            if (message.bot_id === undefined || message.ts === undefined) continue;
            const { metadata } = message;
            const taggedFor =
              metadata?.event_type === PLACEHOLDER_EVENT_TYPE
                ? (metadata.event_payload as { message_id?: unknown } | undefined)?.message_id
                : undefined;
            found.push({
              ts: message.ts,
              text: message.text ?? '',
              placeholderFor: typeof taggedFor === 'string' ? taggedFor : undefined,
            });
          }
          cursor = result.response_metadata?.next_cursor;
          if (result.has_more !== true || cursor === undefined || cursor === '') break;
        }
        return found;
      }),
    stopStream: (thread, ts, markdown) =>
      call(async () => {
        await client.chat.stopStream({
          channel: thread.channelId,
          ts,
          ...(markdown === undefined || markdown === '' ? {} : { markdown_text: markdown }),
        });
      }),
  };
}
