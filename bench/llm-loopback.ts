/**
 * A zero-latency OpenAI-compatible loopback server for the LLM benchmark: streams a reply of
 * `TOKENS` tokens (SSE, usage in the last chunk) or answers JSON; the model name `hold` streams
 * one token and keeps the stream open until `releaseHeld()`, to measure memory per open stream.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LlmBenchServer {
  readonly baseUrl: string;
  releaseHeld(): void;
  close(): Promise<void>;
}

const chunk = (content: string | undefined, finish: string | null) =>
  `data: ${JSON.stringify({
    id: 'b',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'bench',
    choices: [{ index: 0, delta: content === undefined ? {} : { content }, finish_reason: finish }],
  })}\n\n`;

function streamBody(tokens: number): string[] {
  const frames = Array.from({ length: tokens }, (_, i) => chunk(i === 0 ? 'tok' : ' tok', null));
  frames.push(chunk(undefined, 'stop'));
  frames.push(
    `data: ${JSON.stringify({ id: 'b', object: 'chat.completion.chunk', created: 0, model: 'bench', choices: [], usage: { prompt_tokens: 10, completion_tokens: tokens, total_tokens: tokens + 10 } })}\n\n`,
  );
  frames.push('data: [DONE]\n\n');
  return frames;
}

const JSON_REPLY = JSON.stringify({
  id: 'b',
  object: 'chat.completion',
  created: 0,
  model: 'bench',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'ok', refusal: null },
      finish_reason: 'stop',
      logprobs: null,
    },
  ],
  usage: { prompt_tokens: 10, completion_tokens: 1, total_tokens: 11 },
});

export async function startLlmBenchServer(tokens: number): Promise<LlmBenchServer> {
  const frames = streamBody(tokens);
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(parts).toString('utf8')) as {
        stream?: boolean;
        model?: string;
      };
      if (body.stream !== true) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON_REPLY);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (body.model === 'hold') {
        res.write(chunk('tok', null));
        held.push(res);
        return;
      }
      for (const frame of frames) res.write(frame);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    releaseHeld() {
      for (const res of held.splice(0)) res.end(frames.slice(-3).join(''));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
