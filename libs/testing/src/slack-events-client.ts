/**
 * Speaks to a Slack Events API endpoint as Slack does: the request signer (`v0=` + hex
 * HMAC-SHA256 of `v0:<timestamp>:<raw body>` under the signing secret), the `event_callback`
 * envelope, and a POST with Slack's headers (retries marked with `X-Slack-Retry-Num`). Bolt
 * answers most requests with an empty body, so the answer's body is parsed only when there is one.
 */
import { createHmac } from 'node:crypto';

export interface SlackPost {
  readonly status: number;
  readonly body: unknown;
}

export interface PostOptions {
  readonly secret: string;
  /** Seconds since the epoch the request claims (default now). */
  readonly timestamp?: number;
  readonly retryNum?: number;
  /** Replace the signature with this one. */
  readonly signature?: string;
  /** Send this instead of the JSON of the payload (still signed). */
  readonly rawBody?: string;
}

/** The `X-Slack-Signature` value Slack would send for this body at this timestamp. */
export function signSlackRequest(secret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export async function postSlackEvent(
  url: string,
  payload: unknown,
  options: PostOptions,
): Promise<SlackPost> {
  const rawBody = options.rawBody ?? JSON.stringify(payload);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-slack-signature': options.signature ?? signSlackRequest(options.secret, timestamp, rawBody),
    'x-slack-request-timestamp': timestamp,
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const response = await fetch(url, { method: 'POST', headers, body: rawBody });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

/** An `event_callback` envelope as Slack sends it. */
export function eventCallback(
  teamId: string,
  eventId: string,
  event: Record<string, unknown>,
): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: teamId,
    api_app_id: 'A0KONSTRUCT',
    event: { event_ts: event.ts, ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: teamId, user_id: 'U0BOT', is_bot: true }],
  };
}
