/**
 * The listener's flow over in-memory adapters (a publish function that records or fails): what
 * is published and counted for each kind of event Bolt hands over, and what makes it throw (Bolt
 * then answers 400 or 500). Signatures, handshakes and statuses are the int test's.
 */
import { silentLogger } from '@konstruct/bus';
import { createLogger, type Logger } from '@konstruct/observability';
import type { KonstructEvent } from '@konstruct/schemas';
import { describe, expect, test, vi } from 'vitest';
import type { SlackWorkspace } from './build-message-received.ts';
import {
  handleSlackEvent,
  InvalidSlackBodyError,
  type SlackEventDeps,
} from './handle-slack-event.ts';
import type { IngressOutcome } from './ingress-metrics.ts';

const ACME: SlackWorkspace = {
  tenantId: '0195f0a0-0000-7000-8000-000000000001',
  connectionId: '0195f0a0-0000-7000-8000-0000000000c1',
  botUserId: 'U0BOT',
};

function setUp(publish?: SlackEventDeps['publish'], logger: Logger = silentLogger()) {
  const published: KonstructEvent[] = [];
  const outcomes: IngressOutcome[] = [];
  const deps: SlackEventDeps = {
    publish:
      publish ??
      (async (event) => {
        const duplicate = published.some((earlier) => earlier.id === event.id);
        if (!duplicate) published.push(event);
        return { duplicate };
      }),
    count: (outcome) => outcomes.push(outcome),
    logger,
  };
  const send = (body: unknown, ...workspace: [SlackWorkspace | null | undefined] | []) =>
    handleSlackEvent(deps, {
      body,
      workspace: workspace.length === 0 ? ACME : workspace[0],
      retryNum: undefined,
    });
  return { send, published, outcomes };
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

describe('handling a Slack event Bolt has verified and authorized', () => {
  test('an addressed message is published once, even when Slack delivers it twice', async () => {
    const { send, published, outcomes } = setUp();
    expect(await send(mention('T0ACME', 'Ev1'))).toBe('published');
    expect(await send(mention('T0ACME', 'Ev1'))).toBe('duplicate');
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ tenantId: ACME.tenantId, data: { text: 'hi' } });
    expect(outcomes).toEqual(['published', 'duplicate']);
  });

  test('an unknown workspace is counted and publishes nothing; so is an unauthorized event', async () => {
    const { send, published, outcomes } = setUp();
    expect(await send(mention('T0NOBODY', 'Ev2'), null)).toBe('unknown_workspace');
    expect(await send(mention('T0ACME', 'Ev3'), undefined)).toBe('ignored');
    expect(published).toHaveLength(0);
    expect(outcomes).toEqual(['unknown_workspace', 'ignored']);
  });

  test('the bot’s own and other bots’ messages are ignored', async () => {
    const { send, published } = setUp();
    const own = mention('T0ACME', 'Ev4');
    own.event.user = 'U0BOT';
    expect(await send(own)).toBe('ignored');
    const bot = {
      ...mention('T0ACME', 'Ev5'),
      event: { ...own.event, bot_id: 'B0X', user: 'U0X' },
    };
    expect(await send(bot)).toBe('ignored');
    expect(published).toHaveLength(0);
  });

  test('a body that is not a valid event_callback throws InvalidSlackBody (Bolt answers 400)', async () => {
    const { send, published } = setUp();
    await expect(send({ type: 'event_callback', team_id: 'T0ACME' })).rejects.toBeInstanceOf(
      InvalidSlackBodyError,
    );
    await expect(send([1, 2])).rejects.toBeInstanceOf(InvalidSlackBodyError);
    expect(published).toHaveLength(0);
  });

  test('an event that writes no log line builds no child logger; one that does carries the team and event ids', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({
      level: 'info',
      service: 'slack-ingress',
      namespace: 'test',
      destination: { write: (line: string) => lines.push(JSON.parse(line)) },
    });
    const child = vi.spyOn(logger, 'child');
    const { send } = setUp(undefined, logger);
    expect(await send(mention('T0ACME', 'Ev7'))).toBe('published');
    expect(child).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
    expect(await send(mention('T0NOBODY', 'Ev8'), null)).toBe('unknown_workspace');
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines).toEqual([
      expect.objectContaining({ teamId: 'T0NOBODY', slackEventId: 'Ev8', level: 'info' }),
    ]);
  });

  test('a failed publish rejects (Bolt answers 500), so Slack retries the same event', async () => {
    const failure = new Error('no PubAck');
    const { send, outcomes } = setUp(() => Promise.reject(failure));
    await expect(send(mention('T0ACME', 'Ev6'))).rejects.toBe(failure);
    expect(outcomes).toEqual([]);
  });
});
