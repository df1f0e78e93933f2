/** OpenAI chat completions on loopback: JSON, and SSE `data:` chunks ending `data: [DONE]`. */
import {
  type LoopbackServer,
  startLoopbackServer,
  usageFor,
  type WireProtocol,
} from './loopback-server.ts';

const sse = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;

const chunk = (model: unknown, delta: Record<string, unknown>, finish: string | null) => ({
  id: 'chatcmpl-loopback',
  object: 'chat.completion.chunk',
  created: 0,
  model,
  choices: [{ index: 0, delta, finish_reason: finish }],
});

export const openAiProtocol: WireProtocol = {
  path: '/v1/chat/completions',
  streamContentType: 'text/event-stream',
  errorBody: (status, message) => ({
    error: { message, type: status === 429 ? 'rate_limit_error' : 'server_error', code: null },
  }),
  encode: sse,
  streamEnd: 'data: [DONE]\n\n',
  json(body, reply, tokens) {
    const usage = usageFor(reply, tokens);
    return {
      id: 'chatcmpl-loopback',
      object: 'chat.completion',
      created: 0,
      model: body.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: tokens.join(''), refusal: null },
          finish_reason: reply.finishReason ?? 'stop',
          logprobs: null,
        },
      ],
      ...(usage === undefined
        ? {}
        : {
            usage: {
              prompt_tokens: usage.input,
              completion_tokens: usage.output,
              total_tokens: usage.input + usage.output,
            },
          }),
    };
  },
  frames(body, reply, tokens) {
    const frames = tokens.map((t, i) =>
      sse(chunk(body.model, i === 0 ? { role: 'assistant', content: t } : { content: t }, null)),
    );
    frames.push(sse(chunk(body.model, {}, reply.finishReason ?? 'stop')));
    const usage = usageFor(reply, tokens);
    const options = body.stream_options as { include_usage?: boolean } | undefined;
    if (usage !== undefined && options?.include_usage === true) {
      frames.push(
        sse({
          ...chunk(body.model, {}, null),
          choices: [],
          usage: {
            prompt_tokens: usage.input,
            completion_tokens: usage.output,
            total_tokens: usage.input + usage.output,
          },
        }),
      );
    }
    frames.push(openAiProtocol.streamEnd ?? '');
    return frames;
  },
};

export function startOpenAiServer(): Promise<LoopbackServer> {
  return startLoopbackServer(openAiProtocol);
}
