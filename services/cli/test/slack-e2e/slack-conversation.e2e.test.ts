/**
 * Issue 6, end to end: signed Slack requests into the running platform (`konstruct start`), the
 * answer observed at the loopback Slack Web API, the prompt observed at the loopback LLM.
 * Every tenant here is created through the admin commands; nothing is published by hand.
 */
import { DEFAULT_TEXT, eventually } from '@konstruct/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { answerText, type ThreadView } from './slack-transcript.ts';
import { nextTs, type SlackTenant, type SlackWorld, startSlackWorld } from './slack-world.ts';

const RATE_LIMIT_SENTENCE =
  "I'm receiving too many requests right now. Please try again in a moment.";
const ENGAGED_TTL_SECONDS = 4;

let world: SlackWorld;

beforeAll(async () => {
  world = await startSlackWorld({ ROUTER_ENGAGED_THREAD_TTL: `${ENGAGED_TTL_SECONDS}s` });
}, 60_000);

afterAll(async () => {
  await world?.close();
});

const mention = (tenant: SlackTenant, channel: string, text: string, ts = nextTs()) => ({
  type: 'app_mention',
  user: 'UALICE',
  text: `<@${tenant.botUserId}> ${text}`,
  ts,
  channel,
});

/** The answer in a thread once a stream has stopped or a message has been posted in full. */
async function answered(
  tenant: SlackTenant,
  channel: string,
  threadTs: string,
  what: string,
  waitMs = 15_000,
) {
  return eventually(
    async () => {
      const view = world.thread(tenant, channel, threadTs);
      const text = answerText(view);
      const done = !view.messages.some((message) => message.streaming);
      return done && (text.includes(DEFAULT_TEXT) || /reference/i.test(text)) ? view : undefined;
    },
    what,
    { attempts: Math.ceil(waitMs / 100), intervalMs: 100 },
  );
}

/** The LLM requests whose prompt contains `marker`. */
const llmRequestsWith = (marker: string) =>
  world.llm.requests.filter((request) => JSON.stringify(request.body).includes(marker));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function expectSingleAnswer(view: ThreadView) {
  expect(answerText(view)).toBe(DEFAULT_TEXT);
  expect(view.messages).toHaveLength(1);
}

describe('Slack, end to end', () => {
  test('a mention gets a thinking status, then the answer streamed into its thread, in persona', async () => {
    const tenant = await world.addTenant({
      name: 'Acme',
      agentName: 'Mara',
      role: 'Support specialist',
      persona: 'Calm, precise, fond of checklists',
    });
    // a reply that takes seconds, as a real model's does, so there is something to stream (an
    // answer already complete when slack-egress gets to it is posted whole, not streamed)
    world.llm.script({ chunkDelayMs: 700 });
    const ts = nextTs();
    const posted = await world.send(
      tenant.teamId,
      mention(tenant, 'C0GENERAL', 'where is my order? m1', ts),
    );
    expect(posted.status).toBe(200);
    const view = await answered(tenant, 'C0GENERAL', ts, 'the answer to a mention');
    expectSingleAnswer(view);
    // the thinking status first, then the answer streamed into the same thread, to the sender
    const calls = world.slack.calls().filter((call) => call.teamId === tenant.teamId);
    const status = calls.findIndex(
      (call) => call.method === 'assistant.threads.setStatus' && call.args.thread_ts === ts,
    );
    const start = calls.findIndex(
      (call) => call.method === 'chat.startStream' && call.args.thread_ts === ts,
    );
    expect(status).toBeGreaterThanOrEqual(0);
    expect(start).toBeGreaterThan(status);
    const started = calls[start];
    expect(started?.args).toMatchObject({
      channel: 'C0GENERAL',
      recipient_user_id: 'UALICE',
      recipient_team_id: tenant.teamId,
    });
    expect(
      calls.some(
        (call) => call.method === 'chat.stopStream' && call.args.ts === started?.response.ts,
      ),
    ).toBe(true);
    const [request] = llmRequestsWith('where is my order? m1');
    const prompt = JSON.stringify(request?.body);
    expect(prompt).toContain('Mara');
    expect(prompt).toContain('Support specialist');
    expect(prompt).toContain('fond of checklists');
    expect(prompt).not.toContain(`<@${tenant.botUserId}>`);
    // the bot's own answer arrives back as a message event: ignored
    const own = await world.send(tenant.teamId, {
      type: 'message',
      channel_type: 'channel',
      channel: 'C0GENERAL',
      user: tenant.botUserId,
      bot_id: 'B0BOT',
      text: DEFAULT_TEXT,
      ts: nextTs(),
      thread_ts: ts,
    });
    expect(own.status).toBe(200);
    await sleep(1_000);
    expectSingleAnswer(world.thread(tenant, 'C0GENERAL', ts));
  });

  test('a DM is answered in its thread', async () => {
    const tenant = await world.addTenant({
      name: 'Globex',
      agentName: 'Alex',
      role: 'IT helpdesk',
      persona: 'Friendly',
    });
    const ts = nextTs();
    await world.send(tenant.teamId, {
      type: 'message',
      channel_type: 'im',
      channel: 'D0ALICE',
      user: 'UALICE',
      text: 'reset my password please dm1',
      ts,
    });
    expectSingleAnswer(await answered(tenant, 'D0ALICE', ts, 'the answer to a DM'));
  });

  test('an engaged thread is followed without a mention, and dropped after the idle TTL', async () => {
    const tenant = await world.addTenant({
      name: 'Initech',
      agentName: 'Sam',
      role: 'Office manager',
      persona: 'Dry humour',
    });
    const root = nextTs();
    await world.send(tenant.teamId, mention(tenant, 'C0OFFICE', 'stapler status? t1', root));
    await answered(tenant, 'C0OFFICE', root, 'the first answer');
    const followUp = {
      type: 'message',
      channel_type: 'channel',
      channel: 'C0OFFICE',
      user: 'UALICE',
      text: 'and the printer? t2',
      ts: nextTs(),
      thread_ts: root,
    };
    await world.send(tenant.teamId, followUp);
    await eventually(
      async () =>
        answerText(world.thread(tenant, 'C0OFFICE', root)) === DEFAULT_TEXT.repeat(2)
          ? true
          : undefined,
      'the follow-up answered in the thread',
      { attempts: 150 },
    );
    const [second] = llmRequestsWith('and the printer? t2');
    expect(JSON.stringify(second?.body)).toContain('stapler status? t1');
    await sleep((ENGAGED_TTL_SECONDS + 1) * 1_000);
    await world.send(tenant.teamId, { ...followUp, text: 'anyone? t3', ts: nextTs() });
    await sleep(1_500);
    expect(llmRequestsWith('anyone? t3')).toHaveLength(0);
    expect(world.thread(tenant, 'C0OFFICE', root).messages).toHaveLength(2);
  }, 40_000);

  test("Slack's retries of one event give one reply", async () => {
    const tenant = await world.addTenant({
      name: 'Umbrella',
      agentName: 'Ada',
      role: 'Analyst',
      persona: 'Terse',
    });
    const ts = nextTs();
    const event = mention(tenant, 'C0LAB', 'retry me r1', ts);
    const eventId = `EvRETRY${ts.replace('.', '')}`;
    const responses = await Promise.all([
      world.send(tenant.teamId, event, { eventId }),
      world.send(tenant.teamId, event, { eventId, retryNum: 1 }),
    ]);
    await world.send(tenant.teamId, event, { eventId, retryNum: 2 });
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    await answered(tenant, 'C0LAB', ts, 'the answer to the retried event');
    await sleep(1_000);
    expectSingleAnswer(world.thread(tenant, 'C0LAB', ts));
    expect(llmRequestsWith('retry me r1')).toHaveLength(1);
  });

  test('the 31st message in a minute gets the ephemeral notice and no LLM call', async () => {
    const tenant = await world.addTenant({
      name: 'Hooli',
      agentName: 'Gavin',
      role: 'Visionary',
      persona: 'Grand',
    });
    const threads = Array.from({ length: 31 }, () => nextTs());
    for (const [index, ts] of threads.entries()) {
      await world.send(tenant.teamId, mention(tenant, 'C0HOOLI', `limit l${index}.`, ts));
    }
    // the router routes concurrently, so "the 31st" is whichever reaches the limiter last: exactly
    // one of the 31 gets the notice and no LLM call, the other 30 are answered
    const notified = await eventually(async () => {
      const found = threads.filter(
        (ts) => world.thread(tenant, 'C0HOOLI', ts).ephemeral.length > 0,
      );
      return found.length > 0 ? found : undefined;
    }, 'the ephemeral rate-limit notice');
    expect(notified).toHaveLength(1);
    const overLimit = notified[0] ?? '';
    const view = world.thread(tenant, 'C0HOOLI', overLimit);
    expect(view.ephemeral).toEqual([{ user: 'UALICE', text: RATE_LIMIT_SENTENCE }]);
    for (const ts of threads.filter((thread) => thread !== overLimit)) {
      await answered(tenant, 'C0HOOLI', ts, 'an answer within the limit');
    }
    expect(llmRequestsWith(`limit l${threads.indexOf(overLimit)}.`)).toHaveLength(0);
    expect(
      world.llm.requests.filter((r) => JSON.stringify(r.body).includes('limit l')),
    ).toHaveLength(30);
    expect(world.thread(tenant, 'C0HOOLI', overLimit).messages).toHaveLength(0);
  });

  test('a bot message, an edited mention, an unknown workspace and a forged signature get nothing', async () => {
    const tenant = await world.addTenant({
      name: 'Stark',
      agentName: 'Jarvis',
      role: 'Butler',
      persona: 'Dry',
    });
    const callsBefore = world.slack.calls().length;
    const requestsBefore = world.llm.requests.length;
    const bot = await world.send(tenant.teamId, {
      type: 'message',
      subtype: 'bot_message',
      channel_type: 'channel',
      channel: 'C0STARK',
      bot_id: 'B0OTHER',
      text: `<@${tenant.botUserId}> hello from another bot`,
      ts: nextTs(),
    });
    // Slack sends an edited mention again as an app_mention with a new event id and `edited`
    const edited = await world.send(tenant.teamId, {
      ...mention(tenant, 'C0STARK', 'hello, edited'),
      edited: { user: 'UALICE', ts: nextTs() },
    });
    const unknown = await world.send('T0NOBODY', {
      type: 'app_mention',
      user: 'UALICE',
      text: '<@UBOTX> hello?',
      ts: nextTs(),
      channel: 'C0X',
    });
    const forged = await world.send(tenant.teamId, mention(tenant, 'C0STARK', 'forged f1'), {
      signature: `v0=${'0'.repeat(64)}`,
    });
    expect([bot.status, edited.status, unknown.status, forged.status]).toEqual([
      200, 200, 200, 401,
    ]);
    await sleep(1_500);
    expect(world.slack.calls().length).toBe(callsBefore);
    expect(world.llm.requests.length).toBe(requestsBefore);
  });

  test('two tenants talking at once never see each other’s history', async () => {
    const [north, south] = await Promise.all([
      world.addTenant({ name: 'North', agentName: 'Nora', role: 'Guide', persona: 'Warm' }),
      world.addTenant({ name: 'South', agentName: 'Sol', role: 'Guide', persona: 'Warm' }),
    ]);
    const roots = { north: nextTs(), south: nextTs() };
    await Promise.all([
      world.send(north.teamId, mention(north, 'C0SHARED', 'north secret ns1', roots.north)),
      world.send(south.teamId, mention(south, 'C0SHARED', 'south secret ss1', roots.south)),
    ]);
    await Promise.all([
      answered(north, 'C0SHARED', roots.north, 'north answered'),
      answered(south, 'C0SHARED', roots.south, 'south answered'),
    ]);
    for (const [tenant, root, mine, theirs] of [
      [north, roots.north, 'north', 'south'],
      [south, roots.south, 'south', 'north'],
    ] as const) {
      await world.send(tenant.teamId, {
        type: 'message',
        channel_type: 'channel',
        channel: 'C0SHARED',
        user: 'UALICE',
        text: `${mine} follow-up`,
        ts: nextTs(),
        thread_ts: root,
      });
      const [request] = await eventually(async () => {
        const found = llmRequestsWith(`${mine} follow-up`);
        return found.length > 0 ? found : undefined;
      }, `${mine}'s follow-up reaching the LLM`);
      const prompt = JSON.stringify(request?.body);
      expect(prompt).toContain(`${mine} secret`);
      expect(prompt).not.toContain(`${theirs} secret`);
    }
    // each workspace's calls carried its own bot token
    for (const call of world.slack.calls()) {
      if (call.teamId === north.teamId) expect(call.token).toBe(north.botToken);
      if (call.teamId === south.teamId) expect(call.token).toBe(south.botToken);
    }
  });

  test('when every LLM provider fails, the thread gets an apology with a reference id', async () => {
    const tenant = await world.addTenant({
      name: 'Cyberdyne',
      agentName: 'Miles',
      role: 'Engineer',
      persona: 'Careful',
    });
    world.llm.script(...Array.from({ length: 12 }, () => ({ status: 500 })));
    const ts = nextTs();
    await world.send(tenant.teamId, mention(tenant, 'C0LAB2', 'will this fail? x1', ts));
    const view = await answered(tenant, 'C0LAB2', ts, 'the apology');
    expect(answerText(view)).toMatch(/sorry/i);
    expect(answerText(view)).toMatch(/reference[^A-Za-z0-9]*[A-Za-z0-9-]{6,}/i);
    world.llm.clearScript();
  }, 40_000);

  test('a platform restarted mid-conversation still answers each message exactly once', async () => {
    const tenant = await world.addTenant({
      name: 'Wayne',
      agentName: 'Alfred',
      role: 'Butler',
      persona: 'Loyal',
    });
    world.llm.script({ chunkDelayMs: 150 });
    const first = nextTs();
    await world.send(tenant.teamId, mention(tenant, 'C0MANOR', 'slow one k1', first));
    await eventually(
      async () => (llmRequestsWith('slow one k1').length > 0 ? true : undefined),
      'the slow request reaching the LLM',
    );
    await world.restartPlatform('kill');
    const second = nextTs();
    await world.send(tenant.teamId, mention(tenant, 'C0MANOR', 'after restart k2', second));
    // a killed process acks nothing: its messages come back after the consumers' ack wait (30 s)
    await answered(tenant, 'C0MANOR', first, 'the interrupted answer', 60_000);
    const secondView = await answered(tenant, 'C0MANOR', second, 'the answer after the restart');
    await sleep(1_500);
    // one message per thread holding exactly the answer: no second stream, no stranded placeholder
    expectSingleAnswer(world.thread(tenant, 'C0MANOR', first));
    expectSingleAnswer(secondView);
  }, 120_000);
});
