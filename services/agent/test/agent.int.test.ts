import { randomBytes } from 'node:crypto';
import { type AdminStoreDeps, configureAgent, createTenant } from '@konstruct/admin-commands';
import { BusHeaders, createPublisher, eventHeaders, silentLogger } from '@konstruct/bus';
import { loadConfig } from '@konstruct/config';
import { openAdminBucket, readStream } from '@konstruct/event-store';
import { traceIdOf } from '@konstruct/observability';
import { type RunningProjector, startProjector } from '@konstruct/projections';
import { type RunningPlatform, runPlatform } from '@konstruct/runtime';
import {
  type EntityRef,
  type EventOf,
  eventRegistry,
  type KonstructEvent,
  MessageRouted,
  newEventId,
  ReplyCompleted,
  type ReplyDelta,
  ReplyStarted,
} from '@konstruct/schemas';
import {
  createTestBus,
  createTestDatabase,
  eventually,
  type LoopbackServer,
  type RecordedRequest,
  serviceUrls,
  startOpenAiServer,
  type TestBus,
  type TestDatabase,
} from '@konstruct/testing';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  AGENT_CONSUMER,
  type AgentLlm,
  agentProcessEnvSchema,
  agentSettings,
  createAgentService,
  transparencyClause,
} from '../src/index.ts';
import { type Received, type Routed, routedTo, slackMessageReceived } from './message-fixtures.ts';

interface Conversation {
  readonly tenantId: string;
  readonly agentId: string;
  readonly conversationId: string;
}

const waitFor = <T>(read: () => Promise<T | undefined>, what: string) =>
  eventually(read, what, { attempts: 200, intervalMs: 50 });

/** The agent's LLM pool pointed at the loopback server; `model` tells the instances apart. */
function loopbackLlm(server: LoopbackServer, model: string): AgentLlm {
  return {
    config: {
      deployments: [
        {
          name: 'loopback',
          provider: 'openai',
          model,
          baseUrl: `${server.url}/v1`,
          timeouts: { connectMs: 2_000, totalMs: 10_000 },
          price: { inputPerMillionUsd: 1, outputPerMillionUsd: 2 },
        },
      ],
      groups: { fast: { deployments: ['loopback'] }, quality: { deployments: ['loopback'] } },
      retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20, maxRetryAfterMs: 1_000 },
      breaker: { consecutiveFailures: 100, halfOpenAfterMs: 1_000 },
    },
    poolOptions: { env: { OPENAI_API_KEY: 'sk-loopback' } },
  };
}

const systemOf = (request: RecordedRequest) =>
  (request.body.messages as { role: string; content: string }[]).find((m) => m.role === 'system')
    ?.content ?? '';
const turnsOf = (request: RecordedRequest) =>
  (request.body.messages as { role: string; content: string }[]).filter((m) => m.role !== 'system');

describe('agent (real NATS, Postgres, projector; loopback OpenAI; two competing instances)', () => {
  let database: TestDatabase;
  let bus: TestBus;
  let bucket: KV;
  let llm: LoopbackServer;
  let instances: RunningPlatform[];
  let startInstances: () => Promise<RunningPlatform[]>;
  let projector: RunningProjector;
  let admin: AdminStoreDeps;
  let acme: { tenantId: string; agentId: string };

  async function tenantWithAgent(name: string, persona: string) {
    const tenantId = (
      await createTenant(admin, { name: `${name} ${randomBytes(3).toString('hex')}` })
    ).id;
    const agentId = newEventId();
    await configureAgent(admin, {
      tenantId,
      agentId,
      name: 'Mara',
      role: 'Support lead',
      persona,
      systemPrompt: 'Refunds are possible within 30 days.',
      modelPreference: 'fast',
    });
    await waitFor(
      () =>
        database.ownerDb
          .selectFrom('agents')
          .select('agent_id')
          .where('agent_id', '=', agentId)
          .executeTakeFirst(),
      'the agent in the read model',
    );
    return { tenantId, agentId };
  }

  const conversation = (
    owner: { tenantId: string; agentId: string },
    conversationId = newEventId(),
  ): Conversation => ({ ...owner, conversationId });

  const received = (c: Conversation, text: string): Received =>
    slackMessageReceived(c.tenantId, c.conversationId, text);

  /** What the router does for an accepted message: message.received, then message.routed. */
  async function send(c: Conversation, text: string): Promise<Routed> {
    const message = received(c, text);
    const routed = routedTo(message, c.agentId);
    const publisher = admin.publisher;
    await publisher.publish(message);
    await publisher.publish(routed);
    return routed;
  }

  /** The stored events of one entity (a conversation, an agent's usage), in order. */
  async function stored(tenantId: string, entity: EntityRef): Promise<KonstructEvent[]> {
    const found: KonstructEvent[] = [];
    for await (const entry of readStream({
      nc: bus.nc,
      stream: bus.subjects.streams.events,
      filter: bus.subjects.entityEvents(tenantId, entity),
      registry: eventRegistry,
      subjects: bus.subjects,
    })) {
      if (entry.ok) found.push(entry.event);
    }
    return found;
  }

  const events = (c: Conversation) =>
    stored(c.tenantId, { entity: 'conversation', id: c.conversationId });

  /** The `usage.recorded` of the call that answered `routed`, once stored. */
  const usageOf = (c: Conversation, routed: Routed) =>
    waitFor(
      async () =>
        (await stored(c.tenantId, { entity: 'usage', id: c.agentId })).find(
          (event) =>
            event.type === 'usage.recorded' && event.data.messageId === routed.data.messageId,
        ),
      'usage.recorded',
    );

  const repliesTo = async (c: Conversation, routed: Routed) =>
    (await events(c)).filter(
      (event) =>
        (event.type === 'reply.completed' || event.type === 'reply.failed') &&
        event.data.messageId === routed.data.messageId,
    );

  /** Waits for the stored outcome of `routed` (completed or failed) and returns it. */
  const replyTo = (c: Conversation, routed: Routed) =>
    waitFor(async () => (await repliesTo(c, routed))[0], `the reply to ${routed.data.messageId}`);

  const requestsWith = (text: string) =>
    llm.requests.filter((request) =>
      turnsOf(request).some((turn) => turn.role === 'user' && turn.content === text),
    );
  /** The LLM request that answered `text` (its last user turn). */
  const requestFor = (text: string) =>
    llm.requests.filter((request) => turnsOf(request).at(-1)?.content === text);

  /** Waits until the agents have settled everything published so far. */
  const settled = () =>
    waitFor(async () => {
      const jsm = await jetstreamManager(bus.nc);
      const info = await jsm.consumers.info(
        bus.subjects.streams.events,
        bus.subjects.durable(AGENT_CONSUMER),
      );
      return info.num_pending === 0 && info.num_ack_pending === 0 ? true : undefined;
    }, 'the agents to settle');

  beforeAll(async () => {
    database = await createTestDatabase();
    bus = await createTestBus({ streams: false });
    llm = await startOpenAiServer();
    const config = loadConfig(agentProcessEnvSchema, {
      NATS_URL: serviceUrls().natsUrl,
      DATABASE_URL: database.ownerUrl,
      KONSTRUCT_NAMESPACE: bus.namespace,
      OPS_PORT: '0',
      LOG_LEVEL: 'silent',
    });
    startInstances = async () => {
      const started: RunningPlatform[] = [];
      for (const model of ['loopback-a', 'loopback-b']) {
        started.push(
          await runPlatform({
            config,
            services: [
              createAgentService({
                settings: () => ({ ...agentSettings(config), concurrency: 1 }),
                llm: () => loopbackLlm(llm, model),
                shutdownDeadlineMs: 200,
              }),
            ],
            processName: `agent-${model}`,
          }),
        );
      }
      return started;
    };
    instances = await startInstances();
    projector = await startProjector({
      nc: bus.nc,
      db: database.appDb,
      subjects: bus.subjects,
      logger: silentLogger(),
    });
    bucket = await openAdminBucket(bus.nc, bus.subjects, 1);
    admin = {
      nc: bus.nc,
      subjects: bus.subjects,
      publisher: createPublisher({ nc: bus.nc, subjects: bus.subjects, logger: silentLogger() }),
      bucket,
    };
    acme = await tenantWithAgent('Acme', 'Cheerful, precise, fond of bullet points.');
  }, 60_000);

  afterAll(async () => {
    for (const instance of instances ?? []) await instance.stop();
    await projector?.stop();
    await bucket?.destroy();
    await llm?.close();
    await bus?.cleanup();
    await database?.drop();
  });

  test('the recorded system prompt carries the persona, then the transparency clause last', async () => {
    const c = conversation(acme);
    const routed = await send(c, 'who are you?');
    expect((await replyTo(c, routed)).type).toBe('reply.completed');
    const [request] = requestFor('who are you?');
    const system = request === undefined ? '' : systemOf(request);
    expect(system).toContain('Your name is Mara.');
    expect(system).toContain('Your role is Support lead.');
    expect(system).toContain('Cheerful, precise, fond of bullet points.');
    expect(system).toContain('professional and warm');
    expect(system.endsWith(transparencyClause('Mara'))).toBe(true);
    expect(system.indexOf('Refunds are possible')).toBeLessThan(system.indexOf('an AI assistant'));
  });

  test('deltas arrive on core NATS in order and begin the completed text (which carries any tail not yet sent)', async () => {
    const c = conversation(acme);
    const live = bus.nc.subscribe(
      bus.subjects.liveEntity(c.tenantId, { entity: 'conversation', id: c.conversationId }),
    );
    const deltas: EventOf<typeof ReplyDelta>[] = [];
    const collecting = (async () => {
      for await (const message of live) {
        const parsed = eventRegistry.parse(message.json());
        if (parsed.ok && parsed.event.type === 'reply.delta') deltas.push(parsed.event);
      }
    })();
    llm.script({ text: 'Refunds take five to seven working days, **always**.', chunkDelayMs: 30 });
    const routed = await send(c, 'how long do refunds take?');
    const reply = await replyTo(c, routed);
    await bus.nc.flush();
    live.unsubscribe();
    await collecting;
    if (reply.type !== 'reply.completed') throw new Error(`expected completed, got ${reply.type}`);
    expect(reply.data.text).toBe('Refunds take five to seven working days, **always**.');
    expect(deltas.map((delta) => delta.data.index)).toEqual(deltas.map((_, index) => index));
    expect(deltas.length).toBeGreaterThan(1);
    const streamed = deltas.map((delta) => delta.data.text).join('');
    expect(streamed.length).toBeGreaterThan(0);
    expect(reply.data.text.startsWith(streamed)).toBe(true);
    expect(new Set(deltas.map((delta) => delta.data.replyId))).toEqual(
      new Set([reply.data.replyId]),
    );
  });

  test('history: the earlier user turns and the earlier assistant reply, in order', async () => {
    const c = conversation(acme);
    llm.script({ text: 'Within 30 days.' });
    const first = await send(c, 'can I get a refund?');
    await replyTo(c, first);
    llm.script({ text: 'Send it to the returns desk.' });
    const second = await send(c, 'where do I send the parcel?');
    await replyTo(c, second);
    const third = await send(c, 'thanks!');
    await replyTo(c, third);
    const [request] = requestFor('thanks!');
    expect(request === undefined ? [] : turnsOf(request)).toEqual([
      { role: 'user', content: 'can I get a refund?' },
      { role: 'assistant', content: 'Within 30 days.' },
      { role: 'user', content: 'where do I send the parcel?' },
      { role: 'assistant', content: 'Send it to the returns desk.' },
      { role: 'user', content: 'thanks!' },
    ]);
  });

  test('two messages of one conversation on two instances at once: answered in order, the second sees the first answer', async () => {
    const c = conversation(acme);
    llm.script({ text: 'The first answer, slowly streamed.', chunkDelayMs: 150 });
    const first = await send(c, 'first question');
    await waitFor(async () => requestFor('first question')[0], 'the first LLM call');
    const second = await send(c, 'second question');
    await replyTo(c, first);
    const secondReply = await replyTo(c, second);
    const stored = await events(c);
    const completedOrder = stored
      .filter((event) => event.type === 'reply.completed')
      .map((event) => event.data.messageId);
    expect(completedOrder).toEqual([first.data.messageId, second.data.messageId]);
    expect(secondReply.type).toBe('reply.completed');
    const [firstCall] = requestFor('first question');
    const [secondCall] = requestFor('second question');
    expect(secondCall === undefined ? [] : turnsOf(secondCall)).toEqual([
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: 'The first answer, slowly streamed.' },
      { role: 'user', content: 'second question' },
    ]);
    // the two calls were made by the two different instances
    expect(new Set([firstCall?.body.model, secondCall?.body.model])).toEqual(
      new Set(['loopback-a', 'loopback-b']),
    );
  });

  test('a redelivered routed event: still one reply.completed and no second LLM call', async () => {
    const c = conversation(acme);
    const routed = await send(c, 'is this answered once?');
    const reply = await replyTo(c, routed);
    expect(requestFor('is this answered once?')).toHaveLength(1);
    // The same event stored again under another message id: the consumer hands it over again,
    // exactly as a redelivery after a lost ack would.
    await jetstream(bus.nc).publish(
      bus.subjects.of(MessageRouted, routed),
      JSON.stringify(routed),
      {
        msgID: `${routed.id}-again`,
        headers: eventHeaders(routed, `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`),
      },
    );
    await settled();
    expect(await repliesTo(c, routed)).toEqual([reply]);
    expect(requestFor('is this answered once?')).toHaveLength(1);
    const routedCopies = (await events(c)).filter((event) => event.id === routed.id);
    expect(routedCopies).toHaveLength(2);
  });

  test("the reply's stored events continue the routed message's trace", async () => {
    const c = conversation(acme);
    const message = received(c, 'trace me');
    const routed = routedTo(message, c.agentId);
    await admin.publisher.publish(message);
    await admin.publisher.publish(routed, {
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    });
    await replyTo(c, routed);
    const jsm = await jetstreamManager(bus.nc);
    const traceOf = async (definition: typeof ReplyStarted | typeof ReplyCompleted) => {
      const subject = bus.subjects.of(definition, {
        type: definition.type,
        tenantId: c.tenantId,
        data: { conversationId: c.conversationId },
      });
      const stored = await jsm.streams.getMessage(bus.subjects.streams.events, {
        last_by_subj: subject,
      });
      return traceIdOf(stored?.header.get(BusHeaders.traceparent));
    };
    expect(await traceOf(ReplyStarted)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(await traceOf(ReplyCompleted)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  test('usage.recorded carries the loopback server usage, the provider and the model', async () => {
    const c = conversation(acme);
    llm.script({ text: 'Counted.', usage: { input: 77, output: 5 } });
    const routed = await send(c, 'count my tokens');
    await replyTo(c, routed);
    const usage = await usageOf(c, routed);
    const [call] = requestFor('count my tokens');
    expect(usage.data).toMatchObject({
      agentId: c.agentId,
      conversationId: c.conversationId,
      provider: 'openai',
      deployment: 'loopback',
      model: call?.body.model,
      modelGroup: 'fast',
      inputTokens: 77,
      outputTokens: 5,
      estimated: false,
      keySource: 'platform',
      costMicroUsd: 87, // 77 × $1/M + 5 × $2/M = 87 micro-USD
    });
  });

  test("a second tenant's conversation never appears in the first tenant's prompt", async () => {
    const globex = await tenantWithAgent('Globex', 'Dry and formal.');
    // the same conversation id in both tenants: only the tenant-scoped subject tells them apart
    const conversationId = newEventId();
    const theirs = conversation(globex, conversationId);
    const ours = conversation(acme, conversationId);
    const secret = await send(theirs, 'Globex secret: the launch code is 0000');
    await replyTo(theirs, secret);
    const mine = await send(ours, 'what did we discuss?');
    await replyTo(ours, mine);
    const [request] = requestFor('what did we discuss?');
    expect(request === undefined ? [] : turnsOf(request)).toEqual([
      { role: 'user', content: 'what did we discuss?' },
    ]);
    expect(JSON.stringify(request?.body)).not.toContain('Globex');
    expect(JSON.stringify(request?.body)).not.toContain('Dry and formal');
    expect(requestsWith('Globex secret: the launch code is 0000')).toHaveLength(1);
  });

  test('every provider failing: reply.failed with a user-safe message and a reference id, no completed', async () => {
    const c = conversation(acme);
    llm.script(
      { status: 500, errorMessage: 'scripted outage sk-secret-key' },
      { status: 500, errorMessage: 'scripted outage sk-secret-key' },
    );
    const routed = await send(c, 'are you there?');
    const reply = await replyTo(c, routed);
    if (reply.type !== 'reply.failed') throw new Error(`expected failed, got ${reply.type}`);
    expect(reply.data.errorCode).toBe('unavailable');
    expect(reply.data.referenceId).toBe(reply.data.replyId);
    expect(reply.data.userMessage).not.toMatch(/scripted|sk-|500/);
    expect(requestFor('are you there?')).toHaveLength(2);
    const stored = await events(c);
    expect(stored.filter((event) => event.type === 'reply.completed')).toEqual([]);
    expect(stored.filter((event) => event.type === 'reply.started')).toHaveLength(1);
  });

  test('a model that answers nothing: reply.failed with an apology (filtered or empty), its usage recorded, no completed', async () => {
    const cases = [
      { text: 'say nothing', reply: { text: '  \n' }, code: 'empty_reply' },
      {
        text: 'say something filtered',
        reply: { text: '', finishReason: 'content_filter' },
        code: 'content_filter',
      },
    ] as const;
    for (const { text, reply: scripted, code } of cases) {
      const c = conversation(acme);
      llm.script(scripted);
      const routed = await send(c, text);
      const reply = await replyTo(c, routed);
      if (reply.type !== 'reply.failed') throw new Error(`expected failed, got ${reply.type}`);
      expect(reply.data.errorCode).toBe(code);
      expect(reply.data.userMessage).toMatch(/^Sorry|^I can't/);
      expect(reply.data.referenceId).toBe(reply.data.replyId);
      expect(requestFor(text)).toHaveLength(1);
      const onConversation = await events(c);
      expect(onConversation.filter((event) => event.type === 'reply.completed')).toEqual([]);
      const usage = await usageOf(c, routed);
      expect(usage.data).toMatchObject({ conversationId: c.conversationId });
    }
  });

  test('both instances stopped mid-stream and restarted: the message is answered once, with the same reply id', async () => {
    const c = conversation(acme);
    llm.script({ text: 'This answer is cut off by a restart, word by word.', chunkDelayMs: 200 });
    const routed = await send(c, 'answer me across a restart');
    await waitFor(async () => requestFor('answer me across a restart')[0], 'the first LLM call');
    for (const instance of instances) await instance.stop();
    instances = await startInstances();
    const reply = await replyTo(c, routed);
    await settled();
    if (reply.type !== 'reply.completed') throw new Error(`expected completed, got ${reply.type}`);
    expect(reply.data.text).toBe('Hello there, friend.');
    expect(requestFor('answer me across a restart')).toHaveLength(2);
    const stored = await events(c);
    const ofReply = (type: string) => stored.filter((event) => event.type === type);
    expect(ofReply('reply.completed')).toHaveLength(1);
    expect(ofReply('reply.failed')).toHaveLength(0);
    const started = ofReply('reply.started');
    expect(started).toHaveLength(1);
    expect(started[0]?.data).toMatchObject({ replyId: reply.data.replyId });
  });
});
