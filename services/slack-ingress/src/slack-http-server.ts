/**
 * The HTTP edge Slack calls: `POST /slack/events`. A plain `node:http` server rather than
 * @slack/bolt's receivers, on purpose: bolt verifies and acks for us but wants an `authorize`
 * step that resolves a bot token per event (a decryption on the ack path we do not need), answers
 * an unknown workspace with an error instead of the 200 Slack should get, and hides whether the
 * handler's publish succeeded before the ack. Here the raw body is read once (bounded), handed to
 * `handleSlackRequest`, and its status is the answer; nothing else is served.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '@konstruct/observability';
import type { SlackRequest, SlackResponse } from './handle-slack-request.ts';

export const SLACK_EVENTS_PATH = '/slack/events';
/** Slack's bodies are small; anything larger is not Slack. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface SlackHttpServer {
  readonly port: number;
  /** Stops accepting, lets in-flight requests finish, then closes idle connections. */
  close(): Promise<void>;
}

export interface SlackHttpServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly handle: (request: SlackRequest) => Promise<SlackResponse>;
  readonly logger: Logger;
}

export async function startSlackHttpServer(
  options: SlackHttpServerOptions,
): Promise<SlackHttpServer> {
  const server = createServer((request, response) => {
    serve(options, request, response).catch((error: unknown) => {
      options.logger.error({ err: error }, 'slack request failed');
      respond(response, { status: 500, body: { ok: false, error: 'InternalError' } });
    });
  });
  server.listen(options.port, options.host);
  await once(server, 'listening');
  return { port: portOf(server), close: () => closeServer(server) };
}

async function serve(
  options: SlackHttpServerOptions,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = (request.url ?? '').split('?')[0];
  if (path !== SLACK_EVENTS_PATH) {
    respond(response, { status: 404, body: { ok: false, error: 'NotFound' } });
    return;
  }
  if (request.method !== 'POST') {
    response.setHeader('allow', 'POST');
    respond(response, { status: 405, body: { ok: false, error: 'MethodNotAllowed' } });
    return;
  }
  const rawBody = await readBody(request);
  if (rawBody === undefined) {
    respond(response, { status: 413, body: { ok: false, error: 'BodyTooLarge' } });
    return;
  }
  respond(
    response,
    await options.handle({
      rawBody,
      signature: header(request, 'x-slack-signature'),
      timestamp: header(request, 'x-slack-request-timestamp'),
      retryNum: header(request, 'x-slack-retry-num'),
    }),
  );
}

/** The body as UTF-8 text, or undefined when it exceeds the limit. */
async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function respond(response: ServerResponse, answer: SlackResponse): void {
  if (response.headersSent) return;
  response.statusCode = answer.status;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(answer.body));
}

function portOf(server: Server): number {
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    server.closeIdleConnections();
  });
}
