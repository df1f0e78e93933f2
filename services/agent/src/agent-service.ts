/**
 * The agent as a platform service (issue 6 item 3): a durable JetStream consumer of
 * `message.routed` (every channel) that answers each message through the LLM pool in the
 * agent's persona, streaming the reply. Needs Postgres (the agent's configuration, read in the
 * message's tenant scope); the conversation itself is read from the stream. Stateless: run as
 * many instances as the load needs; they share the durable consumer, and a message waits inside
 * its handler for the earlier ones of its conversation, so order holds across instances.
 */
import { createPublisher, ensureConsumer, Outcome, runConsumer } from '@konstruct/bus';
import { loadConfig } from '@konstruct/config';
import { createEventsOfTypeCache } from '@konstruct/event-store';
import { createLlmPool } from '@konstruct/llm';
import { getAgent } from '@konstruct/read-model';
import type { ServiceDefinition } from '@konstruct/runtime';
import { ModelGroup } from '@konstruct/schemas';
import { jetstreamManager } from '@nats-io/jetstream';
import { openAgentDirectory } from './agent-directory.ts';
import { type AgentSettings, agentEnvSchema, agentSettings } from './config.ts';
import { readConversation } from './conversation-events.ts';
import { type AgentDeps, handleMessageRouted, tellUnanswered } from './handle-message-routed.ts';
import { type AgentLlm, agentLlmFromEnv, llmConfigurationProblem } from './llm-settings.ts';
import { watchReplies } from './reply-watch.ts';
import { createWaitingSlots, waitingLimitFor } from './waiting-slots.ts';

export const AGENT_CONSUMER = 'agent';

/** Deliveries a routed message gets before it is dead-lettered. */
/**
 * Deliveries before a message is dead-lettered. Generous: a message handed back because every
 * waiting slot was taken (waiting-slots.ts) spends a delivery without having failed.
 */
const MAX_DELIVER = 20;
/**
 * The consumer's ack wait; the runner sends `working()` every third of it, so a handler that
 * waits for an earlier message or streams a long reply keeps its message.
 */
const ACK_WAIT_MS = 30_000;

export interface AgentServiceOptions {
  /** The agent's settings (default: read from the environment at start). */
  readonly settings?: () => AgentSettings;
  /** The LLM pool's configuration (default: `agentLlmFromEnv()`); tests point it at loopback. */
  readonly llm?: () => AgentLlm;
  /** How long a stop waits for replies in flight before cancelling them (default 20 s). */
  readonly shutdownDeadlineMs?: number;
}

/** Agents stay cached 5 minutes at most (events keep them current), 10,000 at most. */
const AGENT_CACHE = { ttlMs: 5 * 60_000, maxEntries: 10_000 };

export function createAgentService(options: AgentServiceOptions = {}): ServiceDefinition {
  const settingsOf = options.settings ?? (() => agentSettings(loadConfig(agentEnvSchema)));
  const llmOf = options.llm ?? (() => agentLlmFromEnv());
  return {
    name: 'agent',
    description: "Answers routed messages in the agent's persona through the LLM pool, streaming.",
    needs: ['postgres'],
    configurationProblem: () => llmConfigurationProblem(llmOf),
    async start(context) {
      const { db, logger, subjects, nats } = context;
      if (db === undefined) throw new Error('the agent needs Postgres; declare it in `needs`');
      const settings = settingsOf();
      const llm = llmOf();
      const pool = createLlmPool(llm.config, llm.poolOptions);
      const filterSubjects = [subjects.eventsOfType('message.routed')];
      await ensureConsumer(
        await jetstreamManager(nats),
        subjects.streams.events,
        {
          durable: subjects.durable(AGENT_CONSUMER),
          filterSubjects,
          ackWaitMs: ACK_WAIT_MS,
          maxDeliver: MAX_DELIVER + 1,
          maxAckPending: settings.concurrency * 4,
          description: 'answers routed messages (agent service)',
        },
        { logger, serverVersion: nats.info?.version },
      );
      const publisher = createPublisher({
        nc: nats,
        subjects,
        logger,
        metrics: context.busMetrics,
      });
      const agents = openAgentDirectory(
        nats,
        subjects,
        async (tenantId, agentId) => {
          const agent = await getAgent(db, tenantId, agentId);
          return agent === undefined
            ? undefined
            : { ...agent, modelPreference: ModelGroup.parse(agent.modelPreference) };
        },
        AGENT_CACHE,
      );
      // this instance's memory of the conversations' events (see events-of-type-cache.ts)
      const readEvents = createEventsOfTypeCache().read;
      const deps: AgentDeps = {
        settings,
        pool,
        publish: (event, scope) => publisher.publish(event, scope),
        deltaIntervalMs: settings.deltaIntervalMs,
        readConversation: (ref, signal, until) =>
          readConversation({ nc: nats, subjects, logger, readEvents }, ref, signal, until),
        watchReplies: (ref) => watchReplies(nats, subjects, ref),
        readAgent: (tenantId, agentId) => agents.get(tenantId, agentId),
        stopping: context.signal,
        maxDeliver: MAX_DELIVER,
        waitingSlots: createWaitingSlots(waitingLimitFor(settings.concurrency)),
      };
      const runner = await runConsumer({
        nc: nats,
        subjects,
        consumer: AGENT_CONSUMER,
        filterSubjects,
        concurrency: settings.concurrency,
        retry: { backoffMs: [1_000, 2_000, 5_000, 15_000], maxDeliver: MAX_DELIVER },
        logger,
        metrics: context.busMetrics,
        signal: context.signal,
        shutdownDeadlineMs: options.shutdownDeadlineMs ?? 20_000,
        handle: (event, ctx) =>
          event.type === 'message.routed' ? handleMessageRouted(deps, event, ctx) : Outcome.ack(),
        onExhausted: async (event, ctx) => {
          if (event.type === 'message.routed') await tellUnanswered(deps, event, ctx);
        },
      });
      return {
        stop: async () => {
          await runner.stop();
          agents.close();
        },
      };
    },
  };
}

/** The definition `konstruct start` runs; its settings are read from the environment at start. */
export const agentService: ServiceDefinition = createAgentService();
