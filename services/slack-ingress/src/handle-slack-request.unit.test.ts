/**
 * The request flow over in-memory adapters (a directory over a map, a publish function that
 * records or fails): what Slack gets back and what is published, for each kind of request.
 */
import { silentLogger } from '@konstruct/bus';
import type { KonstructEvent } from '@konstruct/schemas';
import { describe, expect, test } from 'vitest';
import type { SlackWorkspace } from './build-message-received.ts';
import { handleSlackRequest, type SlackRequestDeps } from './handle-slack-request.ts';
import type { IngressOutcome } from './ingress-metrics.ts';
import { signSlackRequest } from './slack-signature.ts';
import { createWorkspaceDirectory } from './workspace-directory.ts';

const SECRET = 'test-signing-secret';
const NOW_MS = 1_700_000_100_000;
const ACME: SlackWorkspace = {
  tenantId: '0195f0a0-0000-7000-8000-000000000001',
  connectionId: '0195f0a0-0000-7000-8000-0000000000c1',
  botUserId: 'U0BOT',
};

function setUp(publish?: SlackRequestDeps['publish']) {
  const published: KonstructEvent[] = [];
  const outcomes: IngressOutcome[] = [];
  const deps: SlackRequestDeps = {
    signingSecret: SECRET,
    now: () => NOW_MS,
    directory: createWorkspaceDirectory({
      lookup: async (teamId) => (teamId === 'T0ACME' ? ACME : undefined),
      ttlMs: 60_000,
      unknownTtlMs: 1_000,
    }),
    publish:
      publish ??
      (async (event) => {
        const duplicate = published.some((earlier) => earlier.id === event.id);
        if (!duplicate) published.push(event);
        return { duplicate };
      }),
    count: (outcome) => outcomes.push(outcome),
    logger: silentLogger(),
  };
  const send = (payload: unknown, timestamp = String(NOW_MS / 1000)) => {
    const rawBody = JSON.stringify(payload);
    return handleSlackRequest(deps, {
      rawBody,
      signature: signSlackRequest(SECRET, timestamp, rawBody),
      timestamp,
      retryNum: undefined,
    });
  };
  return { deps, send, published, outcomes };
}

const mention = (teamId: string, eventId: string) => ({
  type: 'event_callback',
  team_id: teamId,
  event_id: eventId,
  event_time: 1_700_000_000,
  event: {
    type: 'app_mention',
    user: 'U0ANA',
    text: '<@U0BOT> hi',
    ts: '1700000000.000100',
    channel: 'C0GENERAL',
  },
});

describe('handling a Slack request', () => {
  test('an addressed message is published once, even when Slack delivers it twice', async () => {
    const { send, published, outcomes } = setUp();
    expect(await send(mention('T0ACME', 'Ev1'))).toEqual({ status: 200, body: { ok: true } });
    expect(await send(mention('T0ACME', 'Ev1'))).toMatchObject({ status: 200 });
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ tenantId: ACME.tenantId, data: { text: 'hi' } });
    expect(outcomes).toEqual(['published', 'duplicate']);
  });

  test('a bad signature is 401 before the body is even parsed', async () => {
    const { deps, published } = setUp();
    const answer = await handleSlackRequest(deps, {
      rawBody: 'not json',
      signature: 'v0=00',
      timestamp: String(NOW_MS / 1000),
      retryNum: undefined,
    });
    expect(answer).toEqual({ status: 401, body: { ok: false, error: 'BadSignature' } });
    expect(published).toHaveLength(0);
  });

  test('an unknown workspace is 200 and counted; other envelope types are 200', async () => {
    const { send, published, outcomes } = setUp();
    expect((await send(mention('T0NOBODY', 'Ev2'))).status).toBe(200);
    expect((await send({ type: 'app_rate_limited', minute_rate_limited: 1 })).status).toBe(200);
    expect(published).toHaveLength(0);
    expect(outcomes).toEqual(['unknown_workspace', 'ignored']);
  });

  test('a signed body that is not a valid envelope is 400', async () => {
    const { send } = setUp();
    expect((await send({ type: 'event_callback', team_id: 'T0ACME' })).status).toBe(400);
    expect((await send([1, 2])).status).toBe(400);
  });

  test('a failed publish is 500, so Slack retries the same event', async () => {
    const { send, outcomes } = setUp(() => Promise.reject(new Error('no PubAck')));
    expect(await send(mention('T0ACME', 'Ev3'))).toMatchObject({ status: 500 });
    expect(outcomes).toEqual(['failed']);
  });
});
