import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SLACK_TEXT_LIMIT } from './slack-methods.ts';
import { type SlackWebApi, startSlackWebApi } from './slack-web-api.ts';

/** Calls the loopback as @slack/web-api does: form-urlencoded, objects as JSON, bearer token. */
async function call(
  api: SlackWebApi,
  method: string,
  token: string,
  args: Record<string, unknown>,
) {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(args)) {
    form.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  const response = await fetch(`${api.url}${method}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: form.toString(),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('loopback Slack Web API', () => {
  let api: SlackWebApi;

  beforeAll(async () => {
    api = await startSlackWebApi();
    api.addWorkspace({ teamId: 'T0A', botToken: 'xoxb-a', botUserId: 'U0BOTA' });
    api.addWorkspace({ teamId: 'T0B', botToken: 'xoxb-b' });
  });

  afterAll(async () => {
    await api.close();
  });

  test('auth.test names the token’s team; an unknown token is invalid_auth', async () => {
    expect((await call(api, 'auth.test', 'xoxb-a', {})).body).toMatchObject({
      ok: true,
      team_id: 'T0A',
      user_id: 'U0BOTA',
    });
    expect(
      (await call(api, 'chat.postMessage', 'xoxb-nobody', { channel: 'C1', text: 'hi' })).body,
    ).toEqual({ ok: false, error: 'invalid_auth' });
    expect(api.calls().at(-1)).toMatchObject({ method: 'chat.postMessage', teamId: undefined });
  });

  test('a stream in a channel needs its recipient, counts chunks and stops at 12,000 characters', async () => {
    const start = { channel: 'C1', thread_ts: '1.000001', markdown_text: 'Hi' };
    expect((await call(api, 'chat.startStream', 'xoxb-a', start)).body.error).toBe(
      'invalid_arguments',
    );
    const started = await call(api, 'chat.startStream', 'xoxb-a', {
      ...start,
      recipient_user_id: 'U1',
      recipient_team_id: 'T0A',
    });
    const ts = String(started.body.ts);
    await call(api, 'chat.appendStream', 'xoxb-a', {
      channel: 'C1',
      ts,
      chunks: [{ type: 'markdown_text', text: ' there' }],
    });
    const tooLong = 'x'.repeat(SLACK_TEXT_LIMIT);
    expect(
      (
        await call(api, 'chat.appendStream', 'xoxb-a', {
          channel: 'C1',
          ts,
          markdown_text: tooLong,
        })
      ).body.error,
    ).toBe('msg_too_long');
    expect((await call(api, 'chat.stopStream', 'xoxb-b', { channel: 'C1', ts })).body.error).toBe(
      'message_not_in_streaming_state',
    );
    await call(api, 'chat.stopStream', 'xoxb-a', { channel: 'C1', ts, markdown_text: '!' });
    expect(api.messages('T0A').find((m) => m.ts === ts)).toMatchObject({
      text: 'Hi there!',
      streaming: false,
    });
  });

  test('a scripted 429 hits one team only, and a scripted error one method', async () => {
    api.rateLimit('T0A', 3, { times: 1 });
    api.failMethod('assistant.threads.setStatus', 'not_allowed', { teamId: 'T0B' });
    const status = { channel_id: 'C1', thread_ts: '1.000001', status: 'is thinking…' };
    const limited = await call(api, 'assistant.threads.setStatus', 'xoxb-a', status);
    expect([limited.status, limited.retryAfter]).toEqual([429, '3']);
    expect((await call(api, 'assistant.threads.setStatus', 'xoxb-a', status)).body.ok).toBe(true);
    expect((await call(api, 'assistant.threads.setStatus', 'xoxb-b', status)).body.error).toBe(
      'not_allowed',
    );
    api.clearFailures();
    expect((await call(api, 'assistant.threads.setStatus', 'xoxb-b', status)).body.ok).toBe(true);
  });
});
