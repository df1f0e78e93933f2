import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import {
  type AddSlackConnectionDeps,
  addSlackConnection,
  createTenant,
  removeConnection,
} from '@konstruct/admin-commands';
import { createPublisher, silentLogger } from '@konstruct/bus';
import { loadConfig } from '@konstruct/config';
import { openAdminBucket } from '@konstruct/event-store';
import { type RunningProjector, startProjector } from '@konstruct/projections';
import { type RunningPlatform, runPlatform } from '@konstruct/runtime';
import { MessageReceived, stableId } from '@konstruct/schemas';
import { createKeyring } from '@konstruct/secrets';
import {
  createTestBus,
  createTestDatabase,
  eventCallback,
  eventually,
  postSlackEvent,
  serviceUrls,
  signSlackRequest,
  type TestBus,
  type TestDatabase,
} from '@konstruct/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createSlackIngressService,
  slackIngressProcessEnvSchema,
  slackIngressSettings,
} from '../src/index.ts';

const SECRET = randomBytes(16).toString('hex');
const TEAM = `T0${randomBytes(4).toString('hex').toUpperCase()}`;
const BOT = 'U0BOT';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

describe('slack-ingress (real NATS, Postgres, projector; requests signed as Slack signs them)', () => {
  let database: TestDatabase;
  let bus: TestBus;
  let bucket: KV;
  let platform: RunningPlatform;
  let projector: RunningProjector;
  let url: string;
  let tenantId: string;
  let admin: AddSlackConnectionDeps;

  /** Stored `message.received` events of the tenant, by subject. */
  async function storedMessages(): Promise<Record<string, number>> {
    const jsm = await jetstreamManager(bus.nc);
    const info = await jsm.streams.info(bus.subjects.streams.events, {
      subjects_filter: bus.subjects.eventsOfType('message.received'),
    });
    return info.state.subjects ?? {};
  }
  const total = async () =>
    Object.values(await storedMessages()).reduce((sum, count) => sum + count, 0);
  async function outcomeCount(outcome: string): Promise<number> {
    const metrics = await (await fetch(`http://127.0.0.1:${platform.opsPort}/metrics`)).text();
    const line = metrics
      .split('\n')
      .find(
        (text) =>
          text.startsWith('konstruct_slack_ingress_requests_total{') &&
          text.includes(`outcome="${outcome}"`),
      );
    return line === undefined ? 0 : Number(line.split(' ').at(-1));
  }
  const post = (payload: unknown, options: { retryNum?: number; timestamp?: number } = {}) =>
    postSlackEvent(url, payload, { secret: SECRET, ...options });

  beforeAll(async () => {
    database = await createTestDatabase();
    bus = await createTestBus({ streams: false });
    const config = loadConfig(slackIngressProcessEnvSchema, {
      NATS_URL: serviceUrls().natsUrl,
      DATABASE_URL: database.ownerUrl,
      KONSTRUCT_NAMESPACE: bus.namespace,
      OPS_PORT: '0',
      LOG_LEVEL: 'silent',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_PORT: String(await freePort()),
    });
    platform = await runPlatform({
      config,
      services: [createSlackIngressService(() => slackIngressSettings(config))],
      processName: 'slack-ingress',
    });
    url = `http://127.0.0.1:${config.SLACK_PORT}/slack/events`;
    projector = await startProjector({
      nc: bus.nc,
      db: database.appDb,
      subjects: bus.subjects,
      logger: silentLogger(),
    });
    bucket = await openAdminBucket(bus.nc, bus.subjects, 1);
    const deps = {
      nc: bus.nc,
      subjects: bus.subjects,
      publisher: createPublisher({ nc: bus.nc, subjects: bus.subjects, logger: silentLogger() }),
      bucket,
      keyring: createKeyring({ current: randomBytes(32).toString('base64') }),
    };
    admin = deps;
    tenantId = (await createTenant(deps, { name: `Acme ${TEAM}` })).id;
    const connection = await addSlackConnection(deps, {
      tenantId,
      teamId: TEAM,
      botUserId: BOT,
      botToken: `xoxb-${randomBytes(12).toString('hex')}`,
    });
    await eventually(
      () =>
        database.ownerDb
          .selectFrom('channel_connections')
          .select('connection_id')
          .where('connection_id', '=', connection.id)
          .executeTakeFirst(),
      'the connection in the read model',
    );
  }, 60_000);

  afterAll(async () => {
    await platform?.stop();
    await projector?.stop();
    await bucket?.destroy();
    await bus?.cleanup();
    await database?.drop();
  });

  test('url_verification is answered with the challenge', async () => {
    const answer = await post({ type: 'url_verification', token: 't', challenge: 'c-123' });
    expect(answer).toEqual({ status: 200, body: { challenge: 'c-123' } });
  });

  test('a signed app_mention becomes one message.received on its conversation, mention stripped', async () => {
    const ts = '1700000001.000100';
    const payload = eventCallback(TEAM, 'Ev0MENTION1', {
      type: 'app_mention',
      user: 'U0ANA',
      text: `<@${BOT}> what is our refund policy?`,
      ts,
      channel: 'C0GENERAL',
    });
    expect((await post(payload)).status).toBe(200);
    const conversationId = stableId(['slack', TEAM, 'C0GENERAL', ts]);
    const subject = bus.subjects.of(MessageReceived, {
      type: 'message.received',
      tenantId,
      data: { conversationId },
    });
    expect((await storedMessages())[subject]).toBe(1);
    const row = await eventually(
      () =>
        database.ownerDb
          .selectFrom('messages')
          .selectAll()
          .where('conversation_id', '=', conversationId)
          .executeTakeFirst(),
      'the projected message',
    );
    expect(row).toMatchObject({ tenant_id: tenantId, text: 'what is our refund policy?' });

    // Slack retries the same event_id: still one stored message.
    expect((await post(payload, { retryNum: 1 })).status).toBe(200);
    expect((await storedMessages())[subject]).toBe(1);
  });

  test('a DM is published; a forged or stale request is 401 and publishes nothing', async () => {
    const before = await total();
    const refusedBefore = await outcomeCount('bad_signature');
    const dm = eventCallback(TEAM, 'Ev0DM1', {
      type: 'message',
      channel_type: 'im',
      user: 'U0ANA',
      text: 'hello',
      ts: '1700000002.000100',
      channel: 'D0ANA',
    });
    const forged = await postSlackEvent(url, dm, {
      secret: SECRET,
      signature: `v0=${'ab'.repeat(32)}`,
    });
    expect(forged.status).toBe(401);
    // Correctly signed, with the right secret, but six minutes old: refused for staleness alone.
    const stale = await post(dm, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    expect(await total()).toBe(before);
    expect(await outcomeCount('bad_signature')).toBe(refusedBefore + 2);
    expect((await post(dm)).status).toBe(200);
    expect(await total()).toBe(before + 1);
  });

  test('a plain thread message is published unmentioned, on its thread root conversation', async () => {
    const root = '1700000004.000100';
    const reply = eventCallback(TEAM, 'Ev0THREAD1', {
      type: 'message',
      channel_type: 'channel',
      user: 'U0ANA',
      text: 'and for annual plans?',
      ts: '1700000005.000100',
      thread_ts: root,
      channel: 'C0GENERAL',
    });
    expect((await post(reply)).status).toBe(200);
    const conversationId = stableId(['slack', TEAM, 'C0GENERAL', root]);
    const subject = bus.subjects.of(MessageReceived, {
      type: 'message.received',
      tenantId,
      data: { conversationId },
    });
    expect((await storedMessages())[subject]).toBe(1);
    const jsm = await jetstreamManager(bus.nc);
    const stored = await jsm.streams.getMessage(bus.subjects.streams.events, {
      last_by_subj: subject,
    });
    expect(stored?.json()).toMatchObject({
      data: { text: 'and for annual plans?', metadata: { mentioned: false, threadTs: root } },
    });
  });

  test('bot messages, edits and unknown workspaces get 200 and publish nothing', async () => {
    const before = await total();
    const channel = { channel: 'C0GENERAL', ts: '1700000003.000100', channel_type: 'channel' };
    const ignored = [
      eventCallback(TEAM, 'Ev0BOT1', {
        type: 'message',
        subtype: 'bot_message',
        bot_id: 'B0OTHER',
        text: `<@${BOT}> hi`,
        ...channel,
      }),
      eventCallback(TEAM, 'Ev0OWN1', { type: 'app_mention', user: BOT, text: 'me', ...channel }),
      eventCallback(TEAM, 'Ev0EDIT1', {
        type: 'message',
        subtype: 'message_changed',
        message: { user: 'U0ANA', text: 'edited' },
        ...channel,
      }),
      eventCallback('T0UNKNOWN', 'Ev0UNKNOWN1', {
        type: 'app_mention',
        user: 'U0ANA',
        text: `<@${BOT}> hi`,
        ...channel,
      }),
    ];
    for (const payload of ignored) expect((await post(payload)).status).toBe(200);
    expect(await total()).toBe(before);
    const metrics = await (await fetch(`http://127.0.0.1:${platform.opsPort}/metrics`)).text();
    expect(metrics).toMatch(
      /konstruct_slack_ingress_requests_total\{[^}]*outcome="unknown_workspace"[^}]*\} 1/,
    );
    // every answer is timed, these included
    const timed = /^konstruct_slack_ack_seconds_count(?:\{[^}]*\})? (\d+)$/m.exec(metrics);
    expect(Number(timed?.[1] ?? 0)).toBeGreaterThanOrEqual(ignored.length);
  });

  test('deletes, joins and other subtypes get 200 and publish nothing', async () => {
    const before = await total();
    const channel = { channel: 'C0GENERAL', ts: '1700000006.000100', channel_type: 'channel' };
    for (const [eventId, subtype] of [
      ['Ev0DELETE1', 'message_deleted'],
      ['Ev0JOIN1', 'channel_join'],
      ['Ev0TOPIC1', 'channel_topic'],
    ] as const) {
      const payload = eventCallback(TEAM, eventId, {
        type: 'message',
        subtype,
        user: 'U0ANA',
        text: `<@${BOT}> joined`,
        thread_ts: '1700000004.000100',
        ...channel,
      });
      expect((await post(payload)).status).toBe(200);
    }
    expect(await total()).toBe(before);
  });

  test('a body signed for one team and replayed as another is 401; malformed JSON is 400', async () => {
    const before = await total();
    const invalidBefore = await outcomeCount('invalid_body');
    const timestamp = String(Math.floor(Date.now() / 1000));
    const original = JSON.stringify(
      eventCallback('T0OTHER', 'Ev0REPLAY1', {
        type: 'app_mention',
        user: 'U0ANA',
        text: `<@${BOT}> hi`,
        ts: '1700000007.000100',
        channel: 'C0GENERAL',
      }),
    );
    const signature = signSlackRequest(SECRET, timestamp, original);
    const replayed = await postSlackEvent(url, undefined, {
      secret: SECRET,
      timestamp: Number(timestamp),
      signature,
      rawBody: original.replaceAll('T0OTHER', TEAM),
    });
    expect(replayed.status).toBe(401);
    const malformed = await postSlackEvent(url, undefined, {
      secret: SECRET,
      rawBody: '{"type":"event_callback","team_id":',
    });
    expect(malformed.status).toBe(400);
    expect(await total()).toBe(before);
    expect(await outcomeCount('invalid_body')).toBe(invalidBefore + 1);
  });

  test('a verified body with no event (app_rate_limited) is answered 200 and publishes nothing', async () => {
    const before = await total();
    const answer = await post({
      token: 't',
      type: 'app_rate_limited',
      team_id: TEAM,
      minute_rate_limited: 1518467820,
      api_app_id: 'A0KONSTRUCT',
    });
    expect(answer.status).toBe(200);
    expect(await total()).toBe(before);
  });

  test('a connection added while running is served at once; a removed one stops resolving', async () => {
    const team = `T0${randomBytes(4).toString('hex').toUpperCase()}`;
    const mentionOf = (eventId: string, ts: string) =>
      eventCallback(team, eventId, {
        type: 'app_mention',
        user: 'U0BEA',
        text: `<@U0MARA> status?`,
        ts,
        channel: 'C0OPS',
      });
    // First seen unconnected: remembered as unknown (for 2 s by TTL alone).
    expect((await post(mentionOf('Ev0LATE0', '1700000010.000100'))).status).toBe(200);
    const unknownBefore = await outcomeCount('unknown_workspace');
    const other = (await createTenant(admin, { name: `Beta ${team}` })).id;
    const connection = await addSlackConnection(admin, {
      tenantId: other,
      teamId: team,
      botUserId: 'U0MARA',
      botToken: `xoxb-${randomBytes(12).toString('hex')}`,
    });
    const started = Date.now();
    const first = mentionOf('Ev0LATE1', '1700000011.000100');
    const subjectOf = (ts: string) =>
      bus.subjects.of(MessageReceived, {
        type: 'message.received',
        tenantId: other,
        data: { conversationId: stableId(['slack', team, 'C0OPS', ts]) },
      });
    // The same event id may be posted more than once (Slack's retries are deduplicated anyway).
    await eventually(
      async () => {
        await post(first);
        return (await storedMessages())[subjectOf('1700000011.000100')] === 1 || undefined;
      },
      'the new workspace served',
      { attempts: 30, intervalMs: 20 },
    );
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(await outcomeCount('unknown_workspace')).toBe(unknownBefore);

    await removeConnection(admin, { tenantId: other, connectionId: connection.id });
    await eventually(
      async () => {
        await post(mentionOf(`Ev0GONE${randomBytes(3).toString('hex')}`, '1700000012.000100'));
        return (await outcomeCount('unknown_workspace')) > unknownBefore || undefined;
      },
      'the removed workspace unknown',
      { attempts: 30, intervalMs: 20 },
    );
    expect((await storedMessages())[subjectOf('1700000012.000100')]).toBeUndefined();
  });
});
