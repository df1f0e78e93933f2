/**
 * A loopback Slack Web API for tests: `startSlackWebApi()` listens on 127.0.0.1 and answers
 * `POST /api/<method>` as slack.com does, for the methods the platform uses (`auth.test`,
 * `assistant.threads.setStatus`, `chat.postMessage`, `chat.postEphemeral`, `chat.update`,
 * `chat.startStream`, `chat.appendStream`, `chat.stopStream`; see `slack-methods.ts` for the
 * limits enforced). Every call is recorded with its token, the team that token belongs to and
 * its parsed arguments. Point a WebClient at it with `slackApiUrl: api.url`.
 *
 * What Slack's documentation says (docs.slack.dev, and @slack/web-api 8.2's `chatStream`
 * helper), which this server and the egress service follow:
 * - every method accepts form-urlencoded or JSON bodies; the token comes as
 *   `Authorization: Bearer`; an unknown token answers `{ ok: false, error: 'invalid_auth' }`;
 *   Slack answers HTTP 200 for API errors and HTTP 429 with `Retry-After: <seconds>` when
 *   rate-limited;
 * - `assistant.threads.setStatus`: `channel_id`, `thread_ts`, `status` (e.g. "is thinking…"),
 *   optional `loading_messages`; the status clears after two minutes or when the app replies;
 *   scope `chat:write`;
 * - `chat.startStream`: `channel`, `thread_ts` (streamed messages are replies to a user),
 *   `markdown_text` (≤ 12,000 characters) or `chunks`, and `recipient_user_id` +
 *   `recipient_team_id`, required when streaming to a channel (not a DM); returns `ts`;
 * - `chat.appendStream`: `channel`, `ts`, `markdown_text` (appended to what was sent so far) or
 *   `chunks`; rate tier 4 (100+ per minute), so appends are batched;
 * - `chat.stopStream`: `channel`, `ts`, optional final `markdown_text`/`chunks`, `blocks`;
 *   tier 2;
 * - the SDK's `chatStream` helper buffers `markdown_text` (256 characters by default) and sends
 *   it as `chunks: [{ type: 'markdown_text', text }]`.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createSlackState,
  SLACK_METHODS,
  type SlackMessage,
  type SlackResponse,
} from './slack-methods.ts';
import { readSlackRequest } from './slack-request.ts';

export interface SlackWorkspace {
  readonly teamId: string;
  readonly botToken: string;
  readonly botUserId?: string;
  readonly teamName?: string;
}

export interface RecordedSlackCall {
  readonly method: string;
  /** The bearer token the call carried. */
  readonly token: string | undefined;
  /** The team the token belongs to; undefined for an unknown token. */
  readonly teamId: string | undefined;
  readonly args: Readonly<Record<string, unknown>>;
  /** What the server answered (a 429 is recorded as `{ ok: false, error: 'ratelimited' }`). */
  readonly response: SlackResponse;
  /** `performance.now()` when the call arrived. */
  readonly at: number;
}

export interface FailOptions {
  /** Only calls of this team fail (default: every team). */
  readonly teamId?: string;
  /** How many calls fail before the method works again (default: until `clearFailures`). */
  readonly times?: number;
}

export interface SlackWebApi {
  /** The Web API base, ending `/api/` (what WebClient's `slackApiUrl` takes). */
  readonly url: string;
  addWorkspace(workspace: SlackWorkspace): void;
  /** Every call so far, in arrival order. */
  calls(): readonly RecordedSlackCall[];
  /** The calls of one method, optionally of one team. */
  callsOf(method: string, teamId?: string): readonly RecordedSlackCall[];
  /** Messages the bots posted or streamed, as shown now, in the order they were created. */
  messages(teamId?: string): readonly SlackMessage[];
  /** Makes `method` answer `{ ok: false, error }` (e.g. `not_allowed`, `unknown_method`). */
  failMethod(method: string, error: string, options?: FailOptions): void;
  /**
   * Makes `method` do its work, then answer HTTP 500: Slack applied the call but its answer was
   * lost (a 5xx after the fact, a dropped connection), so the caller cannot know it happened.
   */
  loseAnswer(method: string, options?: FailOptions): void;
  /** Makes `method` answer (normally) only after `delayMs`, as a slow Slack does. */
  delayMethod(method: string, delayMs: number, options?: FailOptions): void;
  /**
   * Makes one team's calls (of `method` only, when given) answer HTTP 429 with
   * `Retry-After: retryAfterSeconds`.
   */
  rateLimit(
    teamId: string,
    retryAfterSeconds: number,
    options?: { readonly times?: number; readonly method?: string },
  ): void;
  clearFailures(): void;
  close(): Promise<void>;
}

interface Failure {
  readonly kind: 'error' | 'ratelimited' | 'delayed' | 'lost';
  readonly method: string | undefined;
  readonly teamId: string | undefined;
  readonly value: string | number;
  remaining: number;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export async function startSlackWebApi(): Promise<SlackWebApi> {
  const workspaces = new Map<string, SlackWorkspace>();
  const recorded: RecordedSlackCall[] = [];
  const state = createSlackState();
  let failures: Failure[] = [];

  const takeFailure = (method: string, teamId: string | undefined) => {
    const failure = failures.find(
      (f) =>
        f.remaining > 0 &&
        (f.method === undefined || f.method === method) &&
        (f.teamId === undefined || f.teamId === teamId),
    );
    if (failure !== undefined) failure.remaining -= 1;
    return failure;
  };

  const answer = (
    method: string,
    workspace: SlackWorkspace | undefined,
    args: Record<string, unknown>,
  ) => {
    if (workspace === undefined) return { ok: false, error: 'invalid_auth' };
    if (method === 'auth.test') {
      return {
        ok: true,
        url: `https://${workspace.teamId.toLowerCase()}.slack.com/`,
        team: workspace.teamName ?? workspace.teamId,
        user: 'bot',
        team_id: workspace.teamId,
        user_id: workspace.botUserId ?? 'UBOT',
        bot_id: 'BLOOPBACK',
      };
    }
    const handler = SLACK_METHODS[method];
    return handler === undefined
      ? { ok: false, error: 'unknown_method' }
      : handler(state, workspace.teamId, args);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const { method, token, args } = await readSlackRequest(req);
      const workspace = token === undefined ? undefined : workspaces.get(token);
      const teamId = workspace?.teamId;
      const record = (response: SlackResponse) =>
        recorded.push({ method, token, teamId, args, response, at: performance.now() });
      const failure = workspace === undefined ? undefined : takeFailure(method, teamId);
      if (failure?.kind === 'ratelimited') {
        record({ ok: false, error: 'ratelimited' });
        send(
          res,
          429,
          { ok: false, error: 'ratelimited' },
          { 'retry-after': String(failure.value) },
        );
        return;
      }
      if (failure?.kind === 'delayed') {
        await new Promise((resolve) => setTimeout(resolve, Number(failure.value)));
      }
      const response =
        failure === undefined || failure.kind === 'delayed' || failure.kind === 'lost'
          ? answer(method, workspace, args)
          : { ok: false, error: String(failure.value) };
      record(response);
      if (failure?.kind === 'lost') send(res, 500, { ok: false, error: 'internal_error' });
      else send(res, 200, response);
    })().catch((error: unknown) => {
      send(res, 500, { ok: false, error: 'internal_error', detail: String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const forever = Number.POSITIVE_INFINITY;
  const addFailure = (
    kind: Failure['kind'],
    method: string | undefined,
    value: string | number,
    options: FailOptions,
  ) => {
    failures.push({
      kind,
      method,
      teamId: options.teamId,
      value,
      remaining: options.times ?? forever,
    });
  };
  return {
    url: `http://127.0.0.1:${port}/api/`,
    addWorkspace: (workspace) => {
      workspaces.set(workspace.botToken, workspace);
    },
    calls: () => [...recorded],
    callsOf: (method, teamId) =>
      recorded.filter((c) => c.method === method && (teamId === undefined || c.teamId === teamId)),
    messages: (teamId) =>
      [...state.messages.values()].filter((m) => teamId === undefined || m.teamId === teamId),
    failMethod: (method, error, options = {}) => addFailure('error', method, error, options),
    loseAnswer: (method, options = {}) => addFailure('lost', method, 500, options),
    delayMethod: (method, delayMs, options = {}) => addFailure('delayed', method, delayMs, options),
    rateLimit: (teamId, retryAfterSeconds, options = {}) =>
      addFailure('ratelimited', options.method, retryAfterSeconds, { ...options, teamId }),
    clearFailures: () => {
      failures = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
