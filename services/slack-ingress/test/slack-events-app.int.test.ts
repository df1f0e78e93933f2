/**
 * The Bolt edge alone, over loopback HTTP with requests signed as Slack signs them and
 * in-memory adapters for the directory and the publish: the 200 waits for the publish
 * (`processBeforeResponse`), a failed publish or lookup is a 500 that Slack retries (not Bolt's
 * default 401 for a throwing authorize), and the bot's own events never reach the publish.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { silentLogger } from '@konstruct/bus';
import type { KonstructEvent } from '@konstruct/schemas';
import { eventCallback, postSlackEvent, signSlackRequest } from '@konstruct/testing';
import { afterEach, describe, expect, test } from 'vitest';
import type { SlackWorkspace } from '../src/build-message-received.ts';
import type { IngressOutcome } from '../src/ingress-metrics.ts';
import { type SlackEventsEdge, startSlackEventsApp } from '../src/slack-events-app.ts';
import { createWorkspaceDirectory, type WorkspaceLookup } from '../src/workspace-directory.ts';

const SECRET = randomBytes(16).toString('hex');
const ACME: SlackWorkspace = {
  tenantId: '0195f0a0-0000-7000-8000-000000000001',
  connectionId: '0195f0a0-0000-7000-8000-0000000000c1',
  botUserId: 'U0BOT',
};

let edge: SlackEventsEdge | undefined;
afterEach(async () => {
  await edge?.close();
  edge = undefined;
});

async function start(
  publish: (event: KonstructEvent) => Promise<{ duplicate: boolean }>,
  lookup: WorkspaceLookup = async (teamId) => (teamId === 'T0ACME' ? ACME : undefined),
) {
  const outcomes: IngressOutcome[] = [];
  const acks: number[] = [];
  edge = await startSlackEventsApp({
    signingSecret: SECRET,
    port: 0,
    directory: createWorkspaceDirectory({ lookup, ttlMs: 60_000, unknownTtlMs: 1_000 }),
    publish,
    count: (outcome) => outcomes.push(outcome),
    observeAck: (seconds) => acks.push(seconds),
    logger: silentLogger(),
  });
  const url = `http://127.0.0.1:${edge.port}/slack/events`;
  return {
    outcomes,
    acks,
    post: (payload: unknown, secret = SECRET) => postSlackEvent(url, payload, { secret }),
  };
}

const mention = (eventId: string, user = 'U0ANA') =>
  eventCallback('T0ACME', eventId, {
    type: 'app_mention',
    user,
    text: '<@U0BOT> hi',
    ts: '1700000000.000100',
    channel: 'C0GENERAL',
  });

describe('the Bolt edge', () => {
  test('the 200 is sent only once the publish has resolved', async () => {
    let release: () => void = () => {};
    const published: KonstructEvent[] = [];
    const { post } = await start(async (event) => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      published.push(event);
      return { duplicate: false };
    });
    let answered = false;
    const answer = post(mention('Ev1')).then((result) => {
      answered = true;
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(answered).toBe(false);
    release();
    expect((await answer).status).toBe(200);
    expect(published).toHaveLength(1);
  });

  test('every answer is timed from the request to its end, the refused ones too', async () => {
    let release: () => void = () => {};
    const { post, acks } = await start(async () => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return { duplicate: false };
    });
    const held = post(mention('EvTimed'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    expect((await held).status).toBe(200);
    expect((await post(mention('EvForged'), 'not-the-secret')).status).toBe(401);
    expect(acks).toHaveLength(2);
    // held 300 ms after the client sent it (it reached the server a little later than that)
    expect(acks[0]).toBeGreaterThanOrEqual(0.2);
    expect(acks[1]).toBeLessThan(acks[0] ?? 0);
  });

  test('an idle connection is kept for Slack’s next request for 65 s, past a proxy’s 60 s', async () => {
    await start(async () => ({ duplicate: false }));
    const body = JSON.stringify(mention('EvKept'));
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await fetch(`http://127.0.0.1:${edge?.port}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-signature': signSlackRequest(SECRET, timestamp, body),
        'x-slack-request-timestamp': timestamp,
      },
      body,
    });
    await response.arrayBuffer();
    expect(response.status).toBe(200);
    expect(response.headers.get('keep-alive')).toBe('timeout=65');
  });

  test('Slack events are accepted on eight listening sockets of the port (Linux)', async () => {
    await start(async () => ({ duplicate: false }));
    const port = (edge?.port ?? 0).toString(16).toUpperCase().padStart(4, '0');
    // /proc/net/tcp6 rows: local address "<hex ip>:<hex port>", state 0A = LISTEN
    const listening = readFileSync('/proc/net/tcp6', 'utf8')
      .split('\n')
      .map((row) => row.trim().split(/\s+/))
      .filter((fields) => fields[1]?.endsWith(`:${port}`) && fields[3] === '0A');
    expect(listening).toHaveLength(8);
  });

  test('a port another edge already serves is refused (EADDRINUSE), not shared with it', async () => {
    await start(async () => ({ duplicate: false }));
    const second = startSlackEventsApp({
      signingSecret: SECRET,
      port: edge?.port ?? 0,
      directory: createWorkspaceDirectory({
        lookup: async () => undefined,
        ttlMs: 1,
        unknownTtlMs: 1,
      }),
      publish: async () => ({ duplicate: false }),
      count: () => {},
      observeAck: () => {},
      logger: silentLogger(),
    });
    await expect(second).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  test('a failed publish is a 500, so Slack retries', async () => {
    const { post, outcomes } = await start(() => Promise.reject(new Error('no PubAck')));
    expect((await post(mention('Ev2'))).status).toBe(500);
    expect(outcomes).toEqual(['failed']);
  });

  test('a failed workspace lookup is a 500, not 401', async () => {
    const { post, outcomes } = await start(
      async () => ({ duplicate: false }),
      () => Promise.reject(new Error('Postgres down')),
    );
    expect((await post(mention('Ev3'))).status).toBe(500);
    expect(outcomes).toEqual(['failed']);
  });

  test('the bot’s own events are dropped before the publish', async () => {
    const published: KonstructEvent[] = [];
    const { post } = await start(async (event) => {
      published.push(event);
      return { duplicate: false };
    });
    expect((await post(mention('Ev4', ACME.botUserId))).status).toBe(200);
    expect(published).toHaveLength(0);
  });

  test('close() answers a request in flight, then ends a connection that never sent one', async () => {
    let release: () => void = () => {};
    const { post } = await start(async () => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return { duplicate: false };
    });
    const running = edge;
    if (running === undefined) throw new Error('edge not started');
    // A client that opened a connection and sent nothing (a pre-connected pool, or a slow one):
    // waiting for it would hold the process open for ever.
    const silent = connect(running.port, '127.0.0.1');
    await once(silent, 'connect');
    const ended = once(silent, 'close');
    const answer = post(mention('Ev5'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    let closed = false;
    const closing = running.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(closed).toBe(false);
    release();
    expect((await answer).status).toBe(200);
    await closing;
    await ended;
    edge = undefined;
  });
});
