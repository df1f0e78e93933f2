/**
 * The HTTP edge Slack calls, on @slack/bolt (issue 6, item 1: Bolt over HTTP, not Socket Mode):
 * one multi-workspace `App` with an `HTTPReceiver` serving `POST /slack/events`.
 *
 * What Bolt does: reads the raw body (bounded), verifies the v0 signature and its 5-minute window
 * before anything else (forged or stale → 401, nothing processed), answers `url_verification`
 * and `ssl_check`, refuses malformed JSON (400), runs our `authorize` (the cached workspace
 * directory; no token, no Web API call), drops the bot's own events (`ignoreSelf`, from the
 * `botUserId` authorize returns), acks events, and — with `processBeforeResponse` — sends that
 * 200 only after our listener has returned, i.e. after the JetStream PubAck.
 *
 * What we add, through Bolt's documented hooks: the listener (`handleSlackEvent`: classification,
 * `message.received`, publish); `processEventErrorHandler` mapping our errors to statuses (a
 * body we cannot key → 400; a failed lookup or publish → 500, so Slack retries; Bolt's default
 * answers a throwing `authorize`, e.g. Postgres down, with 401, as if the request were forged); an
 * `unhandledRequestHandler` that answers 200 to verified bodies Bolt never acks (envelopes with
 * no `event`, e.g. `app_rate_limited`: Bolt has no listener type for them and answers only when
 * its 3 s no-ack timer fires, 404 by default; a lookup slower than 3 s lands there too, after
 * Slack has timed out and will retry anyway); and counting of the requests Bolt refuses itself
 * (401/400/413), observed on the response since Bolt answers them without calling us, and
 * timing every answer (`observeAck`: from the request's headers to the response's end; time a
 * connection waited to be accepted is not in it). New connections are accepted on several
 * sockets of the port (`accept-sockets.ts`), so a busy process does not take a burst of them one
 * per event-loop iteration.
 * Bolt answers with empty bodies (Slack reads only the status); why a 401 was given (forged or
 * stale) is in Bolt's warning line, not in the answer.
 */
import type { Server } from 'node:http';
import { App, HTTPReceiver } from '@slack/bolt';
import { addAcceptSockets, claimPort } from './accept-sockets.ts';
import { authorizeWorkspace, workspaceOf } from './authorize-workspace.ts';
import { boltLogger } from './bolt-logger.ts';
import {
  handleSlackEvent,
  InvalidSlackBodyError,
  type SlackEventDeps,
} from './handle-slack-event.ts';
import type { IngressOutcome, ObserveAck } from './ingress-metrics.ts';
import type { WorkspaceDirectory } from './workspace-directory.ts';

export const SLACK_EVENTS_PATH = '/slack/events';
/**
 * How long an idle connection stays open for Slack's next request: longer than the idle timeout
 * of any sender or proxy in front of us (60 s is the common load balancer default). With Node's
 * 5 s, a sender that reuses a connection just as the server closes it gets a reset: a failed
 * delivery that Slack retries.
 */
const KEEP_ALIVE_MS = 65_000;
/**
 * Listening sockets on SLACK_PORT (see accept-sockets.ts): a busy process accepts one new
 * connection per socket per event-loop iteration, so a burst of Slack's new connections is taken
 * this many times faster.
 */
const ACCEPT_SOCKETS = 8;
/** Slack's bodies are small; anything larger is not Slack (Bolt answers 413). */
const MAX_BODY_BYTES = 1024 * 1024;

export interface SlackEventsAppOptions extends SlackEventDeps {
  readonly signingSecret: string;
  readonly port: number;
  readonly directory: WorkspaceDirectory;
  /** Each answer's time from the request's headers to the response's end, in seconds. */
  readonly observeAck: ObserveAck;
}

export interface SlackEventsEdge {
  readonly port: number;
  /** Stops accepting, lets in-flight requests finish, then closes idle connections. */
  close(): Promise<void>;
}

/** What Bolt answers without calling us, by status. */
const REFUSED: Readonly<Record<number, IngressOutcome>> = {
  400: 'invalid_body',
  401: 'bad_signature',
  413: 'invalid_body',
};

function statusOf(error: unknown): number {
  return error instanceof InvalidSlackBodyError ? 400 : 500;
}

export async function startSlackEventsApp(
  options: SlackEventsAppOptions,
): Promise<SlackEventsEdge> {
  const { logger, count } = options;
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: SLACK_EVENTS_PATH,
    processBeforeResponse: true,
    bodyLimit: MAX_BODY_BYTES,
    logger: boltLogger(logger),
    processEventErrorHandler: async ({ error, response }) => {
      if (response.headersSent) return false;
      const cause = unwrap(error);
      if (!(cause instanceof InvalidSlackBodyError)) {
        count('failed');
        logger.error({ err: cause }, 'slack event not stored; Slack will retry');
      }
      response.writeHead(statusOf(cause)).end();
      return false;
    },
    unhandledRequestHandler: ({ response }) => {
      if (response.headersSent) return;
      count('not_acknowledged');
      logger.warn('verified Slack request with no event: answered 200 after Bolt’s no-ack timeout');
      response.writeHead(200).end();
    },
  });
  const app = new App({
    receiver,
    authorize: authorizeWorkspace(options.directory),
    logger: boltLogger(logger),
    ignoreSelf: true,
    // Bolt's default conversation store keeps per-conversation state in memory for listeners
    // that ask for it; ours never do (the stream is the conversation's state).
    convoStore: false,
  });
  app.error(async (error) => {
    throw error;
  });
  app.event(/.*/, async ({ body, context }) => {
    await handleSlackEvent(options, {
      body,
      workspace: workspaceOf(context),
      retryNum: context.retryNum,
    });
  });
  const port = await claimPort(options.port);
  const server = (await app.start({ port, reusePort: true })) as Server;
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  const acceptSockets = await addAcceptSockets(server, port, ACCEPT_SOCKETS - 1);
  const inFlight = trackRequestsInFlight(server);
  server.on('request', (_request, response) => {
    const arrived = performance.now();
    response.once('finish', () => {
      options.observeAck((performance.now() - arrived) / 1000);
      const refused = REFUSED[response.statusCode];
      if (refused !== undefined) count(refused);
    });
  });
  return {
    port,
    async close() {
      acceptSockets.close();
      const stopped = app.stop();
      server.closeIdleConnections();
      // A connection that never sent a request (a client's pre-opened pool) is not "idle" to
      // Node and would hold the server, and so the process, open for ever: once every request
      // in flight is answered, no remaining connection carries anything to lose.
      await inFlight.drained();
      server.closeAllConnections();
      await stopped;
    },
  };
}

/** Counts requests between their arrival and their response's end (sent or aborted). */
function trackRequestsInFlight(server: Server) {
  let count = 0;
  let waiters: (() => void)[] = [];
  server.on('request', (_request, response) => {
    count += 1;
    response.once('close', () => {
      count -= 1;
      if (count > 0) return;
      for (const wake of waiters) wake();
      waiters = [];
    });
  });
  return {
    drained: () =>
      count === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve)),
  };
}

/** Bolt wraps errors thrown by `authorize` in an AuthorizationError; ours is its `original`. */
function unwrap(error: unknown): unknown {
  if (error instanceof Error && 'original' in error && error.original instanceof Error) {
    return error.original;
  }
  return error;
}
