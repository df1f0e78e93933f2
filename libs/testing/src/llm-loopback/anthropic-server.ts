/** Anthropic messages on loopback: JSON, and the SSE event stream from message_start to message_stop. */
import {
  type LoopbackServer,
  type ScriptedUsage,
  startLoopbackServer,
  usageFor,
  type WireProtocol,
} from './loopback-server.ts';

const event = (type: string, data: Record<string, unknown>) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

/** The cache counts a reply reports only when scripted, as the API does for uncached prompts. */
function cacheUsage(usage: ScriptedUsage | undefined) {
  return {
    ...(usage?.cacheCreationInput === undefined
      ? {}
      : { cache_creation_input_tokens: usage.cacheCreationInput }),
    ...(usage?.cacheReadInput === undefined
      ? {}
      : { cache_read_input_tokens: usage.cacheReadInput }),
  };
}

export const anthropicProtocol: WireProtocol = {
  path: '/v1/messages',
  streamContentType: 'text/event-stream',
  errorBody: (status, message) => ({
    type: 'error',
    error: {
      type:
        status === 400
          ? 'invalid_request_error'
          : status === 429
            ? 'rate_limit_error'
            : status === 529
              ? 'overloaded_error'
              : 'api_error',
      message,
    },
  }),
  encode: (data) => event(String(data.type), data),
  invalid(body) {
    const messages = (body.messages ?? []) as { role?: unknown; content?: unknown }[];
    if (messages[0]?.role !== 'user') return 'messages: first message must use the "user" role';
    for (const [i, m] of messages.entries()) {
      if (i > 0 && m.role === messages[i - 1]?.role)
        return 'messages: roles must alternate between "user" and "assistant"';
      const final = i === messages.length - 1 && m.role === 'assistant';
      if (typeof m.content !== 'string' || (!final && m.content.trim() === ''))
        return 'messages: all messages must have non-empty content except for the optional final assistant message';
      if (final && m.content !== m.content.trimEnd())
        return 'messages: final assistant content cannot end with trailing whitespace';
    }
    return undefined;
  },
  errorFrames(body, type) {
    const message = {
      id: 'msg_loopback',
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 12, output_tokens: 1 },
    };
    return [
      event('message_start', { message }),
      `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type, message: type === 'overloaded_error' ? 'Overloaded' : type } })}\n\n`,
    ];
  },
  json(body, reply, tokens) {
    const usage = usageFor(reply, tokens) ?? { input: 0, output: 0 };
    return {
      id: 'msg_loopback',
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: [{ type: 'text', text: tokens.join('') }],
      stop_reason: reply.finishReason ?? 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: usage.input, output_tokens: usage.output, ...cacheUsage(usage) },
    };
  },
  frames(body, reply, tokens) {
    const usage = usageFor(reply, tokens) ?? { input: 0, output: 0 };
    const message = {
      id: 'msg_loopback',
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: usage.input, output_tokens: 1, ...cacheUsage(usage) },
    };
    const deltas = tokens.map((t) =>
      event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: t } }),
    );
    return [
      event('message_start', { message }) +
        event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
      ...deltas,
      event('content_block_stop', { index: 0 }),
      event('message_delta', {
        delta: { stop_reason: reply.finishReason ?? 'end_turn', stop_sequence: null },
        usage: { output_tokens: usage.output },
      }),
      event('message_stop', {}),
    ];
  },
};

export function startAnthropicServer(): Promise<LoopbackServer> {
  return startLoopbackServer(anthropicProtocol);
}
