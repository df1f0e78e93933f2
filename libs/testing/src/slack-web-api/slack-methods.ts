/**
 * The Slack Web API methods the platform uses, answered as Slack answers them (`{ ok: true, … }`
 * or `{ ok: false, error }`) over an in-memory workspace: the messages each team's bot posted,
 * streamed or updated. The limits Slack enforces and our code relies on are enforced here too, so
 * a test fails when we break them:
 * - `text` / `markdown_text` (and a streamed message in total) at most 12,000 characters →
 *   `msg_too_long`;
 * - `chat.startStream` outside a DM (channel id not starting with `D`) needs `recipient_user_id`
 *   and `recipient_team_id` → `invalid_arguments`;
 * - `chat.appendStream` / `chat.stopStream` only on a message still streaming, of the same team →
 *   `message_not_in_streaming_state`; `chat.update` only on a message of the same team →
 *   `message_not_found`.
 * `conversations.replies` lists a thread's bot messages as shown now (with the metadata they
 * were posted with when `include_all_metadata` is set), their `text` escaped as Slack returns
 * message text (`&`, `<`, `>` as `&amp;`, `&lt;`, `&gt;`).
 * Streaming text arrives as `markdown_text` or as `chunks` of `{ type: 'markdown_text', text }`
 * (what @slack/web-api's `chatStream` helper sends); both count.
 */

export const SLACK_TEXT_LIMIT = 12_000;

export type SlackResponse = Readonly<Record<string, unknown>>;

/** A message as the thread shows it now. */
export interface SlackMessage {
  readonly teamId: string;
  readonly channel: string;
  readonly ts: string;
  readonly threadTs: string | undefined;
  text: string;
  via: 'post' | 'stream';
  streaming: boolean;
  updates: number;
  /** The message metadata it was posted with (`chat.postMessage`'s `metadata`), if any. */
  metadata?: unknown;
}

export interface SlackState {
  readonly messages: Map<string, SlackMessage>;
  nextTs(): string;
}

export function createSlackState(): SlackState {
  let counter = 0;
  const seconds = Math.floor(Date.now() / 1000);
  return {
    messages: new Map(),
    nextTs: () => {
      counter += 1;
      return `${seconds + Math.floor(counter / 1_000_000)}.${String(counter % 1_000_000).padStart(6, '0')}`;
    },
  };
}

type MethodHandler = (
  state: SlackState,
  teamId: string,
  args: Record<string, unknown>,
) => SlackResponse;

const fail = (error: string): SlackResponse => ({ ok: false, error });
const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** The markdown text of a request: `markdown_text` plus any `markdown_text` chunks. */
export function markdownOf(args: Record<string, unknown>): string {
  let text = typeof args.markdown_text === 'string' ? args.markdown_text : '';
  if (Array.isArray(args.chunks)) {
    for (const chunk of args.chunks as unknown[]) {
      const { type, text: part } = (chunk ?? {}) as { type?: unknown; text?: unknown };
      if (type === 'markdown_text' && typeof part === 'string') text += part;
    }
  }
  return text;
}

/** The displayed text of a posted message: `markdown_text`, else `text`. */
function messageText(args: Record<string, unknown>): string | undefined {
  return str(args.markdown_text) ?? str(args.text);
}

function tooLong(...texts: (string | undefined)[]): boolean {
  return texts.some((text) => text !== undefined && text.length > SLACK_TEXT_LIMIT);
}

function ownMessage(state: SlackState, teamId: string, args: Record<string, unknown>) {
  const ts = str(args.ts);
  const message = ts === undefined ? undefined : state.messages.get(ts);
  return message !== undefined && message.teamId === teamId && message.channel === args.channel
    ? message
    : undefined;
}

/** Records a new bot message in the thread and answers with its ts. */
function createMessage(
  state: SlackState,
  teamId: string,
  channel: string,
  args: Record<string, unknown>,
  shown: Pick<SlackMessage, 'text' | 'via' | 'streaming'>,
): string {
  const ts = state.nextTs();
  const threadTs = str(args.thread_ts);
  state.messages.set(ts, { teamId, channel, ts, threadTs, ...shown, updates: 0 });
  return ts;
}

const postMessage: MethodHandler = (state, teamId, args) => {
  const channel = str(args.channel);
  if (channel === undefined) return fail('channel_not_found');
  const text = messageText(args);
  if (text === undefined && args.blocks === undefined) return fail('no_text');
  if (tooLong(str(args.text), str(args.markdown_text))) return fail('msg_too_long');
  const shown = { text: text ?? '', via: 'post', streaming: false } as const;
  const ts = createMessage(state, teamId, channel, args, shown);
  const created = state.messages.get(ts);
  const metadata = typeof args.metadata === 'string' ? JSON.parse(args.metadata) : args.metadata;
  if (created !== undefined && metadata !== undefined) created.metadata = metadata;
  return { ok: true, channel, ts, message: { text, ts, type: 'message' } };
};

const postEphemeral: MethodHandler = (state, _teamId, args) => {
  if (str(args.channel) === undefined) return fail('channel_not_found');
  if (str(args.user) === undefined) return fail('user_not_in_channel');
  if (messageText(args) === undefined && args.blocks === undefined) return fail('no_text');
  if (tooLong(str(args.text), str(args.markdown_text))) return fail('msg_too_long');
  return { ok: true, message_ts: state.nextTs() };
};

const update: MethodHandler = (_state, teamId, args) => {
  const message = ownMessage(_state, teamId, args);
  if (message === undefined) return fail('message_not_found');
  const text = messageText(args);
  if (text === undefined && args.blocks === undefined) return fail('no_text');
  if (tooLong(str(args.text), str(args.markdown_text))) return fail('msg_too_long');
  message.text = text ?? '';
  message.updates += 1;
  return { ok: true, channel: message.channel, ts: message.ts, text };
};

const startStream: MethodHandler = (state, teamId, args) => {
  const channel = str(args.channel);
  if (channel === undefined) return fail('channel_not_found');
  const inDm = channel.startsWith('D');
  if (
    !inDm &&
    (str(args.recipient_user_id) === undefined || str(args.recipient_team_id) === undefined)
  ) {
    return fail('invalid_arguments');
  }
  const text = markdownOf(args);
  if (tooLong(str(args.markdown_text), text)) return fail('msg_too_long');
  const ts = createMessage(state, teamId, channel, args, { text, via: 'stream', streaming: true });
  return { ok: true, channel, ts };
};

function appendTo(state: SlackState, teamId: string, args: Record<string, unknown>, stop: boolean) {
  const message = ownMessage(state, teamId, args);
  if (message === undefined || !message.streaming) return fail('message_not_in_streaming_state');
  const text = markdownOf(args);
  if (!stop && text === '') return fail('invalid_arguments');
  if (tooLong(str(args.markdown_text), message.text + text)) return fail('msg_too_long');
  message.text += text;
  if (stop) message.streaming = false;
  return { ok: true, channel: message.channel, ts: message.ts };
}

const setStatus: MethodHandler = (_state, _teamId, args) => {
  if (str(args.channel_id) === undefined) return fail('channel_not_found');
  if (str(args.thread_ts) === undefined) return fail('invalid_thread_ts');
  if (typeof args.status !== 'string') return fail('invalid_arguments');
  return { ok: true };
};

/**
 * The bot messages of one thread (`ts` is the thread's root), oldest first, each with the
 * `bot_id` Slack gives an app's messages. The human messages are not kept here; the root is only
 * a key. Paging (`cursor`) is not needed at these sizes: everything comes in one page.
 */
const threadReplies: MethodHandler = (state, teamId, args) => {
  const channel = str(args.channel);
  const root = str(args.ts);
  if (channel === undefined) return fail('channel_not_found');
  if (root === undefined) return fail('thread_not_found');
  const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
  const messages = [...state.messages.values()]
    .filter((m) => m.teamId === teamId && m.channel === channel && m.threadTs === root)
    .map((m) => ({
      type: 'message',
      ts: m.ts,
      thread_ts: m.threadTs,
      text: m.text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'),
      bot_id: 'BLOOPBACK',
      ...(withMetadata && m.metadata !== undefined ? { metadata: m.metadata } : {}),
    }));
  return { ok: true, messages, has_more: false };
};

export const SLACK_METHODS: Readonly<Record<string, MethodHandler>> = {
  'conversations.replies': threadReplies,
  'assistant.threads.setStatus': setStatus,
  'chat.postMessage': postMessage,
  'chat.postEphemeral': postEphemeral,
  'chat.update': update,
  'chat.startStream': startStream,
  'chat.appendStream': (state, teamId, args) => appendTo(state, teamId, args, false),
  'chat.stopStream': (state, teamId, args) => appendTo(state, teamId, args, true),
};
