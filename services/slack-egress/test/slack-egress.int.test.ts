import { randomBytes } from 'node:crypto';
import { redisKeys } from '@konstruct/redis';
import {
  countSocketWrites,
  eventually,
  type RecordedSlackCall,
  serviceUrls,
} from '@konstruct/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  apologyFor,
  RATE_LIMITED_SENTENCE,
  RETIRED_SLACK_EGRESS_CONSUMER,
  SLACK_EGRESS_CONSUMERS,
  SLACK_MESSAGE_LIMIT,
  THINKING_PLACEHOLDER,
  THINKING_STATUS,
} from '../src/index.ts';
import { createWebClient, slackApiOf } from '../src/slack-api.ts';
import { createTargetFinder } from '../src/slack-target.ts';
import {
  type EgressWorld,
  type Received,
  type Started,
  startEgressWorld,
  type Workspace,
} from './slack-egress-world.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('slack-egress (real NATS, Postgres, Redis; loopback Slack Web API)', () => {
  let world: EgressWorld;
  let acme: Workspace;

  beforeAll(async () => {
    world = await startEgressWorld();
    acme = await world.workspace('Acme');
  }, 60_000);

  afterAll(async () => {
    await world?.close();
  });

  /** The Slack coordinates slack-ingress stored with the message. */
  const slackOf = (received: Received) => {
    const { metadata } = received.data;
    if (metadata.channel !== 'slack') throw new Error('not a Slack message');
    return metadata;
  };

  const inThread = (received: Received) => (call: RecordedSlackCall) => {
    const { teamId, channelId, threadTs } = slackOf(received);
    const channel = call.args.channel ?? call.args.channel_id;
    const thread = call.args.thread_ts;
    return call.teamId === teamId && channel === channelId && (thread ?? threadTs) === threadTs;
  };

  const threadCalls = (received: Received, method?: string) =>
    world.slack
      .calls()
      .filter(inThread(received))
      .filter((call) => method === undefined || call.method === method);

  /** The thread of a received message, as the egress writes to it, and a client of its bot. */
  const slackThreadOf = (received: Received) => {
    const metadata = slackOf(received);
    return {
      teamId: metadata.teamId,
      channelId: metadata.channelId,
      threadTs: metadata.threadTs,
      userId: 'UANA',
    };
  };
  const slackAs = (ws: Workspace) => slackApiOf(createWebClient(ws.botToken, world.slack.url));

  /** Claims the reply for a dead instance (1.5 s lease) before slack-egress can take it. */
  const claimedByDeadOwner = async (ws: Workspace, started: Started) => {
    const claim = await world.store.claimReply(ws.tenantId, started.data.replyId, 'dead', 1_500);
    expect(claim.heldMs).toBe(0);
  };

  /** What an owner that died just after saving its stream intent (`intended`) leaves behind. */
  const diedAfterStreamIntent = async (
    ws: Workspace,
    received: Received,
    started: Started,
    intended = 'Hello, ',
  ) => {
    await claimedByDeadOwner(ws, started);
    await world.store.saveReply(ws.tenantId, started.data.replyId, { intent: 'stream', intended });
    await world.store.claimThinking(ws.tenantId, received.id, 'streamed');
  };

  /** The bot's messages in the thread, as shown now. */
  const threadMessages = (received: Received) => {
    const { teamId, threadTs } = slackOf(received);
    return world.slack.messages(teamId).filter((message) => message.threadTs === threadTs);
  };

  const answered = (received: Received, text: string) =>
    eventually(
      async () => {
        const shown = threadMessages(received)
          .filter((message) => !message.streaming)
          .map((message) => message.text)
          .join('');
        return shown === text ? true : undefined;
      },
      'the answer in the thread',
      { attempts: 200, intervalMs: 50 },
    );

  test('one durable consumer per event type it handles, so no other event is delivered to it', async () => {
    const jsm = await jetstreamManager(world.bus.nc);
    const { subjects } = world.bus;
    for (const [type, consumer] of Object.entries(SLACK_EGRESS_CONSUMERS)) {
      const info = await jsm.consumers.info(subjects.streams.events, subjects.durable(consumer));
      expect(info.config.filter_subject).toBe(subjects.eventsOfType(type));
    }
    const names: string[] = [];
    for await (const info of jsm.consumers.list(subjects.streams.events)) names.push(info.name);
    expect(names).not.toContain(subjects.durable(RETIRED_SLACK_EGRESS_CONSUMER));
  });

  test("a message's Slack target is read once, also when two of its events ask at the same time", async () => {
    const ws = await world.workspace('Lookup');
    const received = await world.received(ws);
    // a connection of its own: nothing else in the world sends on it
    const nc = await connect({ servers: serviceUrls().natsUrl });
    const find = createTargetFinder({ nc, subjects: world.bus.subjects });
    const ref = {
      tenantId: received.tenantId,
      conversationId: received.data.conversationId,
      messageId: received.id,
    };
    const sentBefore = nc.stats().outMsgs;
    const [first, second] = await Promise.all([find(ref), find(ref)]);
    const again = await find(ref);
    const sent = nc.stats().outMsgs - sentBefore;
    await nc.close();
    expect(sent).toBe(1);
    expect(first).toMatchObject({ kind: 'slack', target: { thread: { teamId: ws.teamId } } });
    expect(second).toEqual(first);
    expect(again).toEqual(first);
  });

  /** Until slack-egress has acknowledged everything delivered to its consumer of `type`. */
  const handledAll = async (type: keyof typeof SLACK_EGRESS_CONSUMERS) => {
    const jsm = await jetstreamManager(world.bus.nc);
    const { subjects } = world.bus;
    await eventually(async () => {
      const info = await jsm.consumers.info(
        subjects.streams.events,
        subjects.durable(SLACK_EGRESS_CONSUMERS[type]),
      );
      return info.num_pending === 0 && info.num_ack_pending === 0 ? true : undefined;
    }, `every ${type} handled`);
  };

  test('a routed message takes two Redis round trips, its answer four (the claim with the workspace wait, the thinking marker, the state, the release)', async () => {
    const ws = await world.workspace('Trips');
    const received = await world.received(ws);
    const redisPort = Number(new URL(serviceUrls().redisUrl).port || 6379);

    const routedWrites = await countSocketWrites(redisPort, async () => {
      await world.routed(received);
      await handledAll('message.routed');
    });
    const replyWrites = await countSocketWrites(redisPort, async () => {
      const started = await world.started(received);
      await world.completed(started, 'Counted.');
      await answered(received, 'Counted.');
      await handledAll('reply.started');
    });

    expect(threadCalls(received, 'assistant.threads.setStatus')).toHaveLength(1);
    expect({ routedWrites, replyWrites }).toEqual({ routedWrites: 2, replyWrites: 4 });
  });

  test('a reply arriving while its workspace waits out a 429 gives its claim back: it is answered as soon as the wait ends', async () => {
    const ws = await world.workspace('Waiting');
    const received = await world.received(ws);
    await world.store.rememberBackoff(ws.tenantId, ws.teamId, 1_500);
    const publishedAt = performance.now();
    const started = await world.started(received);
    await world.completed(started, 'After the wait.');
    // the claim taken with the wait's read is given back: the retry after the wait takes it at
    // once, instead of waiting out the lease (15 s) of an attempt that did nothing
    await answered(received, 'After the wait.');
    const [post] = threadCalls(received, 'chat.postMessage');
    expect((post?.at ?? 0) - publishedAt).toBeGreaterThanOrEqual(1_000);
    expect(threadMessages(received)).toHaveLength(1);
  });

  test('a routed Slack message sets the thinking status in its thread at once', async () => {
    const received = await world.received(acme);
    await world.routed(received);
    const [call] = await eventually(async () => {
      const calls = threadCalls(received, 'assistant.threads.setStatus');
      return calls.length > 0 ? calls : undefined;
    }, 'the thinking status');
    expect(call?.args).toMatchObject({
      channel_id: 'C0GENERAL',
      thread_ts: slackOf(received).threadTs,
      status: THINKING_STATUS,
    });
    expect(call?.token).toBe(acme.botToken);
    expect(call?.response.ok).toBe(true);
  });

  /** A routed message whose answer is posted while its status call (1.5 s) is on its way. */
  async function answeredWhileStatusIsSet(ws: Workspace) {
    const received = await world.received(ws);
    await world.routed(received);
    await sleep(200); // the status call is on its way (the loopback answers it after 1.5 s)
    const started = await world.started(received);
    await world.owned(started);
    world.delta(started, 0, 'Quick answer.');
    await world.completed(started, 'Quick answer.');
    await answered(received, 'Quick answer.');
    return received;
  }

  test('a thinking status whose call overlapped the answer is cleared once the answer has begun', async () => {
    const ws = await world.workspace('SlowStatus');
    world.slack.delayMethod('assistant.threads.setStatus', 1_500, { teamId: ws.teamId, times: 1 });
    const received = await answeredWhileStatusIsSet(ws);
    const statuses = await eventually(async () => {
      const calls = threadCalls(received, 'assistant.threads.setStatus');
      return calls.length >= 2 ? calls : undefined;
    }, 'the status cleared');
    expect(statuses.map((call) => call.args.status)).toEqual([THINKING_STATUS, '']);
  });

  test('a status whose clearing call failed (429) is cleared by the redelivery', async () => {
    const ws = await world.workspace('SlowStatusLimited');
    world.slack.delayMethod('assistant.threads.setStatus', 1_500, { teamId: ws.teamId, times: 1 });
    // the second setStatus — the one clearing the status — is answered 429
    world.slack.rateLimit(ws.teamId, 1, { times: 1, method: 'assistant.threads.setStatus' });
    const received = await answeredWhileStatusIsSet(ws);
    const statuses = await eventually(
      async () => {
        const calls = threadCalls(received, 'assistant.threads.setStatus');
        return calls.length >= 3 ? calls : undefined;
      },
      'the status cleared by the redelivery',
      { attempts: 100, intervalMs: 100 },
    );
    expect(statuses.map((call) => [call.args.status, call.response.ok])).toEqual([
      [THINKING_STATUS, true],
      ['', false],
      ['', true],
    ]);
  });

  test('where the status is refused, one "Thinking…" placeholder is posted and later replaced', async () => {
    const ws = await world.workspace('NoStatus');
    world.slack.failMethod('assistant.threads.setStatus', 'not_allowed', { teamId: ws.teamId });
    const received = await world.received(ws);
    const routed = await world.routed(received);
    await eventually(async () => {
      const posts = threadCalls(received, 'chat.postMessage').filter((c) => c.response.ok);
      return posts.length > 0 ? posts : undefined;
    }, 'the placeholder');
    await world.republish(routed);
    await sleep(800);
    const placeholders = threadCalls(received, 'chat.postMessage');
    expect(placeholders).toHaveLength(1);
    expect(placeholders[0]?.args.markdown_text).toBe(THINKING_PLACEHOLDER);

    const started = await world.started(received);
    await world.owned(started);
    world.delta(started, 0, 'Refunds take ');
    world.delta(started, 1, 'five days.');
    await world.completed(started, 'Refunds take five days.');
    await answered(received, 'Refunds take five days.');
    expect(threadCalls(received, 'chat.update')).toHaveLength(1);
    expect(threadCalls(received, 'chat.startStream')).toHaveLength(0);
    expect(threadCalls(received, 'chat.postMessage')).toHaveLength(1);
  });

  test('a placeholder post answered 429 is posted once the wait ends (the reservation is given back), and only once', async () => {
    const ws = await world.workspace('NoStatusLimited');
    world.slack.failMethod('assistant.threads.setStatus', 'not_allowed', { teamId: ws.teamId });
    world.slack.rateLimit(ws.teamId, 1, { times: 1 });
    const received = await world.received(ws);
    const routed = await world.routed(received);
    const posted = await eventually(async () => {
      const ok = threadCalls(received, 'chat.postMessage').filter((c) => c.response.ok);
      return ok.length > 0 ? ok : undefined;
    }, 'the placeholder after Retry-After');
    expect(posted[0]?.args.markdown_text).toBe(THINKING_PLACEHOLDER);
    await world.republish(routed);
    await sleep(800);
    const posts = threadCalls(received, 'chat.postMessage');
    expect(posts.map((c) => c.response.ok)).toEqual([false, true]);
  });

  test('deltas stream into the thread: one startStream, batched appends, stopStream; the text is the final text', async () => {
    const received = await world.received(acme);
    const started = await world.started(received);
    await world.owned(started);
    const words = Array.from({ length: 200 }, (_, i) => `word${i} `);
    // out of order in pairs (1, 0, 3, 2, …), every seventh delivered twice
    for (let index = 0; index < words.length; index++) {
      const swapped = index % 2 === 0 ? index + 1 : index - 1;
      world.delta(started, swapped, words[swapped] ?? '');
      if (index % 7 === 0) world.delta(started, swapped, words[swapped] ?? '');
      if (index % 10 === 9) await sleep(20);
    }
    const final = words.join('');
    await world.completed(started, final);
    await answered(received, final);
    const starts = threadCalls(received, 'chat.startStream');
    expect(starts).toHaveLength(1);
    expect(starts[0]?.args).toMatchObject({
      recipient_user_id: 'UANA',
      recipient_team_id: acme.teamId,
    });
    const appends = world.slack
      .callsOf('chat.appendStream', acme.teamId)
      .filter((call) => call.args.ts === starts[0]?.response.ts);
    expect(appends.length).toBeGreaterThan(0);
    expect(appends.length).toBeLessThan(words.length / 10);
    const stops = world.slack
      .callsOf('chat.stopStream', acme.teamId)
      .filter((call) => call.args.ts === starts[0]?.response.ts);
    expect(stops).toHaveLength(1);
    expect(threadMessages(received)).toHaveLength(1);
  });

  test('a 25,000-character answer streams, then continues in follow-ups of at most 12,000', async () => {
    const received = await world.received(acme);
    const started = await world.started(received);
    await world.owned(started);
    const paragraph = `${'lorem ipsum '.repeat(40).trim()}\n\n`;
    const final = paragraph.repeat(Math.ceil(25_000 / paragraph.length)).slice(0, 25_000);
    const pieces = final.match(/[\s\S]{1,500}/g) ?? [];
    for (const [index, piece] of pieces.entries()) {
      world.delta(started, index, piece);
      await sleep(5);
    }
    await world.completed(started, final);
    await answered(received, final);
    const messages = threadMessages(received);
    expect(messages.length).toBeGreaterThanOrEqual(3);
    expect(messages[0]?.via).toBe('stream');
    for (const message of messages) {
      expect(message.text.length).toBeLessThanOrEqual(SLACK_MESSAGE_LIMIT);
    }
    expect(messages.map((message) => message.text).join('')).toBe(final);
    const refused = world.slack.calls().filter((call) => call.response.ok !== true);
    expect(
      refused.filter(
        (call) => call.teamId === acme.teamId && call.response.error === 'msg_too_long',
      ),
    ).toEqual([]);
  });

  test('where Slack cannot stream, a placeholder is posted and replaced by one chat.update', async () => {
    const ws = await world.workspace('NoStream');
    world.slack.failMethod('chat.startStream', 'method_not_supported_for_channel_type', {
      teamId: ws.teamId,
    });
    const received = await world.received(ws);
    const started = await world.started(received);
    await world.owned(started);
    for (let index = 0; index < 40; index++) world.delta(started, index, `part ${index}. `);
    await sleep(400);
    const final = Array.from({ length: 40 }, (_, index) => `part ${index}. `).join('');
    await world.completed(started, final);
    await answered(received, final);
    const posts = threadCalls(received, 'chat.postMessage');
    expect(posts.map((call) => call.args.markdown_text)).toEqual([THINKING_PLACEHOLDER]);
    expect(threadCalls(received, 'chat.update')).toHaveLength(1);
    expect(threadCalls(received, 'chat.appendStream')).toHaveLength(0);
  });

  test('a connection Slack refused to stream for is not asked again: later answers go straight to the placeholder', async () => {
    const ws = await world.workspace('NeverStreams');
    world.slack.failMethod('chat.startStream', 'not_allowed', { teamId: ws.teamId });
    for (const channelId of ['C0FIRST', 'C0SECOND']) {
      const received = await world.received(ws, { channelId });
      const started = await world.started(received);
      await world.owned(started);
      world.delta(started, 0, 'Some text.');
      await sleep(300);
      await world.completed(started, 'Some text.');
      await answered(received, 'Some text.');
      expect(threadCalls(received, 'chat.postMessage').map((c) => c.args.markdown_text)).toEqual([
        THINKING_PLACEHOLDER,
      ]);
      expect(threadCalls(received, 'chat.update')).toHaveLength(1);
    }
    const startStreams = world.slack
      .calls()
      .filter((call) => call.teamId === ws.teamId && call.method === 'chat.startStream');
    expect(startStreams).toHaveLength(1);
  });

  test('a message rejected for the rate limit gets one ephemeral notice, also when redelivered', async () => {
    const received = await world.received(acme);
    const rejected = await world.rejected(received);
    await eventually(async () => {
      const calls = threadCalls(received, 'chat.postEphemeral');
      return calls.length > 0 ? calls : undefined;
    }, 'the ephemeral notice');
    await world.republish(rejected);
    await sleep(800);
    const notices = threadCalls(received, 'chat.postEphemeral');
    expect(notices).toHaveLength(1);
    expect(notices[0]?.args).toMatchObject({ user: 'UANA', text: RATE_LIMITED_SENTENCE });
  });

  test('a failed reply ends in an apology quoting the reference id', async () => {
    const received = await world.received(acme);
    const started = await world.started(received);
    await world.owned(started);
    const referenceId = `ref-${randomBytes(4).toString('hex')}`;
    await world.failed(started, referenceId);
    await answered(received, apologyFor(referenceId));
    expect(apologyFor(referenceId)).toContain(referenceId);
  });

  test('reply.started redelivered after the answer was posted posts nothing more', async () => {
    const received = await world.received(acme);
    const started = await world.started(received);
    await world.completed(started, 'Done once.');
    await answered(received, 'Done once.');
    const before = threadCalls(received).length;
    await world.republish(started);
    await sleep(1_000);
    expect(threadCalls(received)).toHaveLength(before);
    expect(threadMessages(received)).toHaveLength(1);
  });

  test('a reply taken over from a dead instance continues its stream from the state in Redis', async () => {
    const received = await world.received(acme);
    // What the dead instance left: a stream begun with "Hello, " and its state; its claim expired.
    const thread = slackThreadOf(received);
    const slack = slackAs(acme);
    const ts = await slack.startStream(thread, 'Hello, ');
    const started = await world.started(received, {
      before: async (event) => {
        // the takeover waits for a live claim of another instance to expire
        await claimedByDeadOwner(acme, event);
        await world.store.saveReply(acme.tenantId, event.data.replyId, {
          mode: 'stream',
          ts,
          streamed: 'Hello, ',
        });
        await world.store.claimThinking(acme.tenantId, received.id, 'streamed');
      },
    });
    await world.completed(started, 'Hello, world.');
    await answered(received, 'Hello, world.');
    const messages = threadMessages(received);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.ts).toBe(ts);
    expect(threadCalls(received, 'chat.startStream')).toHaveLength(1);
  });

  test('an owner that died between chat.startStream and saving its ts: the next one adopts that stream (Slack returns its text escaped)', async () => {
    const received = await world.received(acme);
    const thread = slackThreadOf(received);
    // What the dead instance left: its intent saved, the stream begun in Slack, no ts recorded.
    const slack = slackAs(acme);
    const started = await world.started(received, {
      before: (event) => diedAfterStreamIntent(acme, received, event, 'Q&A <notes>, '),
    });
    const ts = await slack.startStream(thread, 'Q&A <notes>, ');
    // the dead owner's lease runs out and this instance takes the reply over
    const claimKey = redisKeys(world.bus.namespace).tenantKey(
      acme.tenantId,
      'egress-claim',
      started.data.replyId,
    );
    await eventually(
      async () => {
        const owner = await world.redis.get(claimKey);
        return owner !== null && owner !== 'dead' ? true : undefined;
      },
      'the takeover',
      { attempts: 200, intervalMs: 25 },
    );
    world.delta(started, 0, 'Q&A <notes>, ');
    world.delta(started, 1, 'world');
    await sleep(600);
    await world.completed(started, 'Q&A <notes>, world.');
    await answered(received, 'Q&A <notes>, world.');
    const messages = threadMessages(received);
    expect(messages.map((message) => message.ts)).toEqual([ts]);
    expect(threadCalls(received, 'chat.startStream')).toHaveLength(1);
    // what the stream already showed is not sent again (and needs no correction)
    const onStream = world.slack
      .calls()
      .filter((call) => call.teamId === acme.teamId && call.args.ts === ts);
    const sent = onStream
      .filter((call) => call.method === 'chat.appendStream' || call.method === 'chat.stopStream')
      .map((call) => call.args.markdown_text ?? '');
    expect(sent.join('')).toBe('world.');
    expect(onStream.filter((call) => call.method === 'chat.update')).toHaveLength(0);
  });

  test('a workspace that refuses the thread lookup after a takeover still gets its answer', async () => {
    const ws = await world.workspace('NoHistory');
    world.slack.failMethod('conversations.replies', 'missing_scope', { teamId: ws.teamId });
    const received = await world.received(ws);
    const started = await world.started(received, {
      before: (event) => diedAfterStreamIntent(ws, received, event),
    });
    await world.completed(started, 'Hello, world.');
    await answered(received, 'Hello, world.');
    expect(threadMessages(received)).toHaveLength(1);
  });

  test('a placeholder post answered 429 while the answer waited for it: the answer goes on alone, the redelivery posts none', async () => {
    const ws = await world.workspace('PlaceholderLimited');
    world.slack.failMethod('assistant.threads.setStatus', 'not_allowed', { teamId: ws.teamId });
    const received = await world.received(ws);
    // the routed handler has reserved the placeholder; its post is on its way
    await world.store.claimThinking(ws.tenantId, received.id, 'reserved');
    const started = await world.started(received);
    await world.owned(started);
    world.delta(started, 0, 'Here you are.');
    await world.completed(started, 'Here you are.');
    await sleep(500);
    // Slack answers the post 429: the reservation is given back
    await world.store.releaseThinking(ws.tenantId, received.id, 'reserved');
    await answered(received, 'Here you are.');
    // the routed event again, after Retry-After
    await world.routed(received);
    await sleep(800);
    expect(await world.store.thinking(ws.tenantId, received.id)).toBe('streamed');
    const placeholders = threadCalls(received, 'chat.postMessage').filter(
      (call) => call.args.markdown_text === THINKING_PLACEHOLDER,
    );
    expect(placeholders).toHaveLength(0);
  });

  test('a placeholder whose poster died before recording it is found and replaced, not posted again', async () => {
    const received = await world.received(acme);
    const thread = slackThreadOf(received);
    // The routed handler reserved the placeholder, posted it, and died before saving its ts;
    // then a follow-up in the same thread got its own placeholder, posted later.
    await world.store.claimThinking(acme.tenantId, received.id, 'reserved');
    const slack = slackAs(acme);
    const placeholder = await slack.postMessage(thread, THINKING_PLACEHOLDER, received.id);
    const followUp = await world.received(acme, { inThreadOf: received });
    await slack.postMessage(thread, THINKING_PLACEHOLDER, followUp.id);
    const started = await world.started(received);
    await world.owned(started);
    world.delta(started, 0, 'Here you are.');
    await world.completed(started, 'Here you are.');
    await eventually(
      async () =>
        threadMessages(received).some((message) => message.text === 'Here you are.')
          ? true
          : undefined,
      'the placeholder replaced by the answer',
      { attempts: 300, intervalMs: 50 },
    );
    // its own placeholder (by its tag), not the follow-up's newer one
    expect(threadMessages(received).map((message) => message.text)).toEqual([
      'Here you are.',
      THINKING_PLACEHOLDER,
    ]);
    expect(threadMessages(received)[0]?.ts).toBe(placeholder);
    expect(threadCalls(received, 'chat.postMessage')).toHaveLength(2);
  });

  /** A new workspace's reply whose stream has started with `first`. */
  async function streaming(workspaceName: string, first: string) {
    const ws = await world.workspace(workspaceName);
    const received = await world.received(ws);
    const started = await world.started(received);
    await world.owned(started);
    world.delta(started, 0, first);
    const [start] = await eventually(async () => {
      const calls = threadCalls(received, 'chat.startStream');
      return calls.length > 0 ? calls : undefined;
    }, 'the stream');
    return { ws, received, started, start };
  }

  test('a 429 in the middle of a stream: the retry continues the same stream, nothing twice', async () => {
    const { ws, received, started, start } = await streaming('Bursty', 'First part, ');
    world.slack.rateLimit(ws.teamId, 1, { times: 1 });
    world.delta(started, 1, 'second part, ');
    await eventually(async () => {
      const limited = world.slack.calls().filter((c) => c.response.error === 'ratelimited');
      return limited.some((c) => c.teamId === ws.teamId) ? true : undefined;
    }, 'the 429');
    await world.completed(started, 'First part, second part, third part.');
    await answered(received, 'First part, second part, third part.');
    expect(threadCalls(received, 'chat.startStream')).toHaveLength(1);
    expect(threadMessages(received).map((m) => m.ts)).toEqual([start?.response.ts]);
    // a 429 is certain not to have been applied: the stream goes on, nothing is rewritten
    expect(threadCalls(received, 'chat.update')).toHaveLength(0);
  });

  test('an append Slack applied but whose answer was lost is not sent again: the text appears once', async () => {
    const { ws, received, started, start } = await streaming('LostAnswer', 'First part, ');
    world.slack.loseAnswer('chat.appendStream', { teamId: ws.teamId, times: 1 });
    world.delta(started, 1, 'second part, ');
    await eventually(async () => {
      const appends = threadCalls(received, 'chat.appendStream');
      return appends.length > 0 ? appends : undefined;
    }, 'the append whose answer is lost');
    await world.completed(started, 'First part, second part, third part.');
    await answered(received, 'First part, second part, third part.');
    expect(threadCalls(received, 'chat.appendStream')).toHaveLength(1);
    expect(threadMessages(received).map((m) => m.ts)).toEqual([start?.response.ts]);
  });

  test('replies of one conversation appear in message order, even when the first one is held up', async () => {
    const ws = await world.workspace('InOrder');
    world.slack.delayMethod('chat.startStream', 1_500, { teamId: ws.teamId, times: 1 });
    const first = await world.received(ws);
    const firstStarted = await world.started(first);
    await world.owned(firstStarted);
    world.delta(firstStarted, 0, 'First answer.');
    await sleep(300); // its stream start is on its way, held up for 1.5 s
    const second = await world.received(ws, { inThreadOf: first });
    const secondStarted = await world.started(second);
    world.delta(secondStarted, 0, 'Second answer.');
    await world.completed(secondStarted, 'Second answer.');
    await world.completed(firstStarted, 'First answer.');
    await answered(first, 'First answer.Second answer.');
    expect(threadMessages(first).map((message) => message.text)).toEqual([
      'First answer.',
      'Second answer.',
    ]);
  });

  test('a final text that differs from what was streamed (agent retry) corrects the message', async () => {
    const received = await world.received(acme);
    const started = await world.started(received);
    await world.owned(started);
    world.delta(started, 0, 'A first draft that ');
    const [start] = await eventually(async () => {
      const calls = threadCalls(received, 'chat.startStream');
      return calls.length > 0 ? calls : undefined;
    }, 'the stream');
    const onStream = (method: string) =>
      world.slack.callsOf(method, acme.teamId).filter((c) => c.args.ts === start?.response.ts);
    await world.completed(started, 'The answer, second try.');
    await eventually(
      async () => (onStream('chat.update').length > 0 ? true : undefined),
      'the correction',
    );
    expect(threadMessages(received).map((m) => m.text)).toEqual(['The answer, second try.']);
    expect(onStream('chat.stopStream')).toHaveLength(1);
    expect(onStream('chat.update')).toHaveLength(1);
  });

  test('a reply that stays quiet past the idle timeout is retried, then answered once', async () => {
    const received = await world.received(acme);
    const started = await world.started(received);
    await world.owned(started);
    await sleep(6_500); // the world's idle timeout is 5 s
    expect(threadMessages(received)).toHaveLength(0);
    const jsm = await jetstreamManager(world.bus.nc);
    const consumer = await jsm.consumers.info(
      world.bus.subjects.streams.events,
      world.bus.subjects.durable(SLACK_EGRESS_CONSUMERS['reply.started']),
    );
    expect(consumer.num_redelivered).toBeGreaterThan(0);
    await world.completed(started, 'Late, but here.');
    await answered(received, 'Late, but here.');
    await sleep(500);
    expect(threadMessages(received)).toHaveLength(1);
  }, 30_000);

  test('a Slack refusal that a retry cannot fix sends the event to the dead letters at once', async () => {
    const ws = await world.workspace('Gone');
    world.slack.failMethod('chat.postMessage', 'channel_not_found', { teamId: ws.teamId });
    const received = await world.received(ws);
    const started = await world.started(received);
    await world.completed(started, 'Nobody will see this.');
    const jsm = await jetstreamManager(world.bus.nc);
    const subject = world.bus.subjects.deadLetter(
      SLACK_EGRESS_CONSUMERS['reply.started'],
      ws.tenantId,
    );
    await eventually(async () => {
      const info = await jsm.streams.info(world.bus.subjects.streams.deadLetters, {
        subjects_filter: subject,
      });
      return (info.state.subjects?.[subject] ?? 0) > 0 ? true : undefined;
    }, 'the dead letter');
    expect(world.slack.callsOf('chat.postMessage', ws.teamId)).toHaveLength(1);
  });

  test("a workspace answering 429 waits for Retry-After; another workspace's answer is not delayed", async () => {
    const busy = await world.workspace('Busy');
    const calm = await world.workspace('Calm');
    world.slack.rateLimit(busy.teamId, 2, { times: 1 });
    const busyMessage = await world.received(busy);
    const calmMessage = await world.received(calm);
    const busyStarted = await world.started(busyMessage);
    await world.completed(busyStarted, 'Busy answer.');
    const limitedAt = await eventually(async () => {
      const limited = world.slack
        .callsOf('chat.postMessage', busy.teamId)
        .find((call) => call.response.error === 'ratelimited');
      return limited?.at;
    }, 'the 429');
    const calmStarted = await world.started(calmMessage);
    await world.completed(calmStarted, 'Calm answer.');
    await answered(calmMessage, 'Calm answer.');
    const calmAt = performance.now();
    expect(calmAt - limitedAt).toBeLessThan(2_000);
    expect(threadMessages(busyMessage)).toHaveLength(0);
    await answered(busyMessage, 'Busy answer.');
    const busyPost = world.slack
      .callsOf('chat.postMessage', busy.teamId)
      .find((call) => call.response.ok === true);
    expect((busyPost?.at ?? 0) - limitedAt).toBeGreaterThanOrEqual(1_900);
    // each workspace's calls carried its own bot token
    for (const call of world.slack.calls()) {
      if (call.teamId === busy.teamId) expect(call.token).toBe(busy.botToken);
      if (call.teamId === calm.teamId) expect(call.token).toBe(calm.botToken);
      expect(call.teamId).toBeDefined();
    }
  }, 30_000);
});
