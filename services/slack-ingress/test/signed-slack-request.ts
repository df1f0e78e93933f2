/**
 * Test helpers that speak as Slack does: an Events API envelope, signed with the v0 scheme
 * (`v0:<timestamp>:<raw body>`, HMAC-SHA256 under the signing secret), POSTed with Slack's headers.
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
}

export async function postSlackEvent(
  url: string,
  payload: unknown,
  options: PostOptions,
): Promise<SlackPost> {
  const rawBody = JSON.stringify(payload);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature =
    options.signature ??
    `v0=${createHmac('sha256', options.secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-slack-signature': signature,
    'x-slack-request-timestamp': timestamp,
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const response = await fetch(url, { method: 'POST', headers, body: rawBody });
  return { status: response.status, body: await response.json() };
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
