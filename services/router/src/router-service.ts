/**
 * The router as a platform service (issue 6 item 2): a durable JetStream consumer of
 * `message.received` that publishes one `message.routed` or `message.rejected` per message. Needs
 * Postgres (the read model, read in the message's tenant scope, cached per instance and kept
 * current by admin events: `routing-facts-cache.ts`) and Redis (rate limits and their per-message
 * verdicts, engaged threads, all under tenant-prefixed keys). Stateless apart from Redis: run as
 * many instances as the load needs; they share the durable consumer and the counters.
 */
import {
  createPublisher,
  ensureConsumer,
  inOrderPerKey,
  Outcome,
  runConsumer,
} from '@konstruct/bus';
import { loadConfig } from '@konstruct/config';
import { createEventsOfTypeCache } from '@konstruct/event-store';
import { findRoutingFacts } from '@konstruct/read-model';
import { redisKeys } from '@konstruct/redis';
import type { ServiceDefinition } from '@konstruct/runtime';
import type { KonstructEvent } from '@konstruct/schemas';
import { jetstreamManager } from '@nats-io/jetstream';
import { type RouterSettings, routerEnvSchema, routerSettings } from './config.ts';
import { hasPendingEarlierMention } from './earlier-mentions.ts';
import { createEngagedThreads } from './engaged-threads.ts';
import { handleMessageReceived, type RouterDeps } from './handle-message-received.ts';
import { createHeldReplies } from './held-replies.ts';
import { createRateLimitLedger } from './rate-limit-ledger.ts';
import { createRateLimits } from './rate-limits.ts';
import { openRoutingFactsCache } from './routing-facts-cache.ts';

export const ROUTER_CONSUMER = 'router';

/** A received message's conversation, the key its routing is ordered by (tenant-scoped). */
const conversationOf = (event: KonstructEvent): string | undefined =>
  event.type === 'message.received' ? `${event.tenantId}/${event.data.conversationId}` : undefined;

/** Deliveries of one message (the consumer allows one more, for the dead letter). */
const MAX_DELIVER = 5;
/** Routing facts are cached 30 s at most, and not at all for 5 s after an admin event. */
const ROUTING_FACTS_CACHE = { ttlMs: 30_000, settleMs: 5_000, maxEntries: 50_000 };

export function createRouterService(
  settings: () => RouterSettings = () => routerSettings(loadConfig(routerEnvSchema)),
): ServiceDefinition {
  return {
    name: 'router',
    description: 'Assigns each received message to the agent that answers it, or rejects it.',
    needs: ['postgres', 'redis'],
    async start(context) {
      const { db, redis, logger, subjects, nats } = context;
      if (db === undefined || redis === undefined) {
        throw new Error('the router needs Postgres and Redis; declare them in `needs`');
      }
      const { concurrency, engagedThreadTtlMs } = settings();
      const keys = redisKeys(subjects.namespace);
      const filterSubjects = [subjects.eventsOfType('message.received')];
      await ensureConsumer(
        await jetstreamManager(nats),
        subjects.streams.events,
        {
          durable: subjects.durable(ROUTER_CONSUMER),
          filterSubjects,
          ackWaitMs: 30_000,
          maxDeliver: MAX_DELIVER + 1,
          maxAckPending: concurrency * 4,
          description: 'routes received messages to agents (router service)',
        },
        { logger, serverVersion: nats.info?.version },
      );
      const publisher = createPublisher({
        nc: nats,
        subjects,
        logger,
        metrics: context.busMetrics,
      });
      // opened before the consumer runs, so no admin event after a cached read goes unheard
      const facts = openRoutingFactsCache(
        nats,
        subjects,
        (query) => findRoutingFacts(db, query),
        ROUTING_FACTS_CACHE,
      );
      // this instance's memory of the threads' events (see events-of-type-cache.ts)
      const readEvents = createEventsOfTypeCache().read;
      const deps: RouterDeps = {
        readFacts: (query) => facts.read(query),
        threads: createEngagedThreads(redis, keys, engagedThreadTtlMs),
        rateLimits: createRateLimits(redis, keys),
        ledger: createRateLimitLedger(redis, keys),
        held: createHeldReplies(redis, keys),
        pendingMention: (reply) =>
          hasPendingEarlierMention({ nc: nats, subjects, readEvents }, reply),
        publish: (event, scope) => publisher.publish(event, scope),
      };
      const runner = await runConsumer({
        nc: nats,
        subjects,
        consumer: ROUTER_CONSUMER,
        filterSubjects,
        concurrency,
        retry: { backoffMs: [500, 2_000, 10_000], maxDeliver: MAX_DELIVER },
        logger,
        metrics: context.busMetrics,
        signal: context.signal,
        // two messages of one conversation in flight together are decided in stream order, so
        // their routed events keep the order people wrote them in (the agent answers in it)
        handle: inOrderPerKey(conversationOf, async (event, ctx) => {
          if (event.type !== 'message.received') return Outcome.ack();
          const outcome = await handleMessageReceived(deps, event, {
            signal: ctx.signal,
            traceparent: ctx.traceparent,
            redelivered: ctx.deliveryCount > 1,
            last: ctx.deliveryCount >= MAX_DELIVER,
            sequence: ctx.streamSequence,
            attempt: ctx.deliveryCount - 1,
          });
          if (outcome.kind === 'retry') return Outcome.retry(outcome.why, outcome.delayMs);
          ctx.logger.debug({ decision: outcome.decision }, 'message routed');
          return Outcome.ack();
        }),
      });
      return {
        stop: async () => {
          await runner.stop();
          facts.close();
        },
      };
    },
  };
}

/** The definition `konstruct start` runs; its settings are read from the environment at start. */
export const routerService: ServiceDefinition = createRouterService();
