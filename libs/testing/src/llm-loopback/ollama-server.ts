/** Ollama `/api/chat` on loopback: JSON, and NDJSON lines ending with a `done: true` line carrying the counts. */
import {
  type LoopbackServer,
  startLoopbackServer,
  usageFor,
  type WireProtocol,
} from './loopback-server.ts';

const line = (data: unknown) => `${JSON.stringify(data)}\n`;

function final(
  body: Record<string, unknown>,
  reply: Parameters<WireProtocol['json']>[1],
  tokens: readonly string[],
  content: string,
) {
  const usage = usageFor(reply, tokens);
  const omit = reply.omitUsage ?? [];
  return {
    model: body.model,
    created_at: new Date(0).toISOString(),
    message: { role: 'assistant', content },
    done: true,
    done_reason: reply.finishReason ?? 'stop',
    total_duration: 1,
    load_duration: 1,
    ...(usage === undefined || omit.includes('input') ? {} : { prompt_eval_count: usage.input }),
    ...(usage === undefined || omit.includes('output') ? {} : { eval_count: usage.output }),
    prompt_eval_duration: 1,
    eval_duration: 1,
  };
}

export const ollamaProtocol: WireProtocol = {
  path: '/api/chat',
  streamContentType: 'application/x-ndjson',
  errorBody: (_status, message) => ({ error: message }),
  encode: line,
  json: (body, reply, tokens) => final(body, reply, tokens, tokens.join('')),
  frames(body, reply, tokens) {
    const lines = tokens.map((t) =>
      line({
        model: body.model,
        created_at: new Date(0).toISOString(),
        message: { role: 'assistant', content: t },
        done: false,
      }),
    );
    lines.push(line(final(body, reply, tokens, '')));
    return lines;
  },
};

export function startOllamaServer(): Promise<LoopbackServer> {
  return startLoopbackServer(ollamaProtocol);
}
