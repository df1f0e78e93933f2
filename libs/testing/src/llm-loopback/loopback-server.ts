/**
 * A scriptable loopback HTTP server for LLM wire protocols: each request takes the next scripted
 * reply (or the default), is recorded (path, headers, JSON body), and is answered by the protocol
 * module as JSON or as a stream of frames, with optional delays and a mid-stream failure; a
 * stream without them is written at once.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedReply {
  readonly status?: number;
  readonly errorMessage?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly delayBeforeHeadersMs?: number;
  readonly chunkDelayMs?: number;
  /** Destroy the socket after writing this many content frames. */
  readonly failAfterChunks?: number;
  readonly text?: string;
  /** `null` omits usage from the reply. */
  readonly usage?: ScriptedUsage | null;
  /**
   * Usage counts left out of the reply, as Ollama leaves out `prompt_eval_count` when the whole
   * prompt came from its cache (Ollama only).
   */
  readonly omitUsage?: readonly ('input' | 'output')[];
  readonly finishReason?: string;
  /** Stream an in-band error event of this type (Anthropic's `event: error`) before any text. */
  readonly errorEvent?: string;
  /**
   * Stream exactly these protocol events instead of the generated ones, each framed as the
   * protocol frames an event (an SSE `data:` line, an Anthropic `event:`, an NDJSON line), for
   * the odd shapes real servers send; OpenAI's `data: [DONE]` still ends the stream.
   */
  readonly events?: readonly Record<string, unknown>[];
}

export interface ScriptedUsage {
  readonly input: number;
  readonly output: number;
  /** Anthropic's `cache_creation_input_tokens` (Anthropic only). */
  readonly cacheCreationInput?: number;
  /** Anthropic's `cache_read_input_tokens` (Anthropic only). */
  readonly cacheReadInput?: number;
}

export interface RecordedRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
  readonly at: number;
}

export interface WireProtocol {
  readonly path: string;
  readonly streamContentType: string;
  errorBody(status: number, message: string): unknown;
  /** The frames of a stream that fails in-band with an error event of `type`. */
  errorFrames?(body: Record<string, unknown>, type: string): string[];
  /** What the real API would reject the request body for (answered 400), if anything. */
  invalid?(body: Record<string, unknown>): string | undefined;
  json(body: Record<string, unknown>, reply: ScriptedReply, tokens: readonly string[]): unknown;
  /** Frames in order; `contentFrames` of them (from the start) carry text. */
  frames(body: Record<string, unknown>, reply: ScriptedReply, tokens: readonly string[]): string[];
  /** One stream event as a frame on the wire (for `ScriptedReply.events`). */
  encode?(event: Record<string, unknown>): string;
  /** What ends every stream after its events, if anything (OpenAI's `data: [DONE]`). */
  readonly streamEnd?: string;
}

export interface LoopbackServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Responses whose connection closed before the server finished writing them. */
  abandonedResponses(): number;
  script(...replies: ScriptedReply[]): void;
  /** Drops every scripted reply not yet used. */
  clearScript(): void;
  setDefault(reply: ScriptedReply): void;
  close(): Promise<void>;
}

export const DEFAULT_TEXT = 'Hello there, friend.';

export function tokensOf(text: string): string[] {
  return text.split(/(?=\s)/).filter((t) => t.length > 0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function writeFrames(res: ServerResponse, frames: readonly string[], reply: ScriptedReply) {
  let written = 0;
  for (const frame of frames) {
    if (res.destroyed) return;
    if (reply.failAfterChunks !== undefined && written >= reply.failAfterChunks) {
      res.socket?.destroy();
      return;
    }
    await new Promise<void>((resolve) => res.write(frame, () => resolve()));
    written++;
    if (reply.chunkDelayMs !== undefined) await sleep(reply.chunkDelayMs);
  }
  res.end();
}

async function readJson(
  req: import('node:http').IncomingMessage,
): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const text = Buffer.concat(parts).toString('utf8');
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

export async function startLoopbackServer(protocol: WireProtocol): Promise<LoopbackServer> {
  const queue: ScriptedReply[] = [];
  let fallback: ScriptedReply = {};
  const requests: RecordedRequest[] = [];
  let abandoned = 0;
  const server = createServer((req, res) => {
    res.on('close', () => {
      if (!res.writableFinished) abandoned++;
    });
    void (async () => {
      const body = await readJson(req);
      requests.push({ path: req.url ?? '', headers: req.headers, body, at: performance.now() });
      const rejected = protocol.invalid?.(body);
      const reply: ScriptedReply =
        rejected === undefined
          ? (queue.shift() ?? fallback)
          : { status: 400, errorMessage: rejected };
      if (reply.delayBeforeHeadersMs !== undefined) await sleep(reply.delayBeforeHeadersMs);
      if (res.destroyed) return;
      const status = reply.status ?? 200;
      const headers = { ...reply.headers };
      if (status !== 200) {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(
          JSON.stringify(protocol.errorBody(status, reply.errorMessage ?? `scripted ${status}`)),
        );
        return;
      }
      const tokens = tokensOf(reply.text ?? DEFAULT_TEXT);
      if (body.stream === true) {
        const frames = streamFrames(protocol, body, reply, tokens);
        res.writeHead(200, { 'content-type': protocol.streamContentType, ...headers });
        // with no pacing scripted, the stream is all there at once (a zero-latency model): its
        // headers and every frame leave in one write, as a server that had it all would send them
        if (reply.chunkDelayMs === undefined && reply.failAfterChunks === undefined) {
          res.end(frames.join(''));
          return;
        }
        res.flushHeaders();
        await writeFrames(res, frames, reply);
      } else {
        res.writeHead(200, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(protocol.json(body, reply, tokens)));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    abandonedResponses: () => abandoned,
    script: (...replies) => queue.push(...replies),
    clearScript: () => {
      queue.length = 0;
    },
    setDefault: (reply) => {
      fallback = reply;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function streamFrames(
  protocol: WireProtocol,
  body: Record<string, unknown>,
  reply: ScriptedReply,
  tokens: readonly string[],
): string[] {
  const encode = protocol.encode;
  if (reply.events !== undefined && encode !== undefined) {
    const frames = reply.events.map((event) => encode(event));
    return protocol.streamEnd === undefined ? frames : [...frames, protocol.streamEnd];
  }
  if (reply.errorEvent !== undefined && protocol.errorFrames !== undefined)
    return protocol.errorFrames(body, reply.errorEvent);
  return protocol.frames(body, reply, tokens);
}

export function usageFor(
  reply: ScriptedReply,
  tokens: readonly string[],
): ScriptedUsage | undefined {
  if (reply.usage === null) return undefined;
  return reply.usage ?? { input: 12, output: tokens.length };
}
