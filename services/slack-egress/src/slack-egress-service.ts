/**
 * slack-egress as a platform service (issue 6, item 4), one durable consumer per event type it
 * handles: `<ns>-slack-egress-routed` on `message.routed` (thinking status or placeholder),
 * `<ns>-slack-egress-rejected` on `message.rejected` (the ephemeral rate-limit notice) and
 * `<ns>-slack-egress-replies` on `reply.started` (the instance that takes it owns the reply until
 * it is in Slack, following deltas and the completion itself; so `reply.completed`/`reply.failed`
 * are not consumed here). One consumer per type, not one with three filters: nats-server 2.9
 * has no `filter_subjects`, and the one filter covering the three is every event of the stream,
 * delivered and acked for nothing. They replace the single `<ns>-slack-egress` of earlier
 * versions, starting where it had acknowledged everything (`ensureConsumersSucceeding`).
 * Needs Postgres (connections and their encrypted bot tokens, read in the event's tenant scope),
 * Redis (shared state, see `egress-store.ts`) and KONSTRUCT_SECRET_KEY. Run as many instances as
 * the load needs: they compete on the durable consumers.
 */
import { randomUUID } from 'node:crypto';
import {
  type ConsumerRunner,
  ensureConsumersSucceeding,
  type HandlerContext,
  type HandlerOutcome,
  Outcome,
  runConsumer,
} from '@konstruct/bus';
import { loadConfig } from '@konstruct/config';
import { createEventsOfTypeCache } from '@konstruct/event-store';
import { redisKeys } from '@konstruct/redis';
import type { ServiceDefinition } from '@konstruct/runtime';
import type { KonstructEvent } from '@konstruct/schemas';
import {
  type Keyring,
  keyringFromEnv,
  PREVIOUS_SECRET_KEYS_VARIABLE,
  SECRET_KEY_VARIABLE,
} from '@konstruct/secrets';
import { jetstreamManager } from '@nats-io/jetstream';
import { type SlackEgressSettings, slackEgressEnvSchema, slackEgressSettings } from './config.ts';
import { openDeltaBuffer } from './delta-buffer.ts';
import type { EgressDeps } from './egress-deps.ts';
import { createEgressStore } from './egress-store.ts';
import { openEndBuffer } from './end-buffer.ts';
import { handleMessageRejected } from './handle-message-rejected.ts';
import { handleMessageRouted } from './handle-message-routed.ts';
import { handleReplyStarted } from './handle-reply-started.ts';
import { SlackRefused } from './slack-api.ts';
import { createTargetFinder } from './slack-target.ts';
import { createSlackWorkspaces } from './slack-workspaces.ts';
import { createStreamingRefusals } from './streaming-refusals.ts';

/** The consumers, by the event type each one takes. */
export const SLACK_EGRESS_CONSUMERS = {
  'message.routed': 'slack-egress-routed',
  'message.rejected': 'slack-egress-rejected',
  'reply.started': 'slack-egress-replies',
} as const;

/** The one consumer of earlier versions, replaced by `SLACK_EGRESS_CONSUMERS`. */
export const RETIRED_SLACK_EGRESS_CONSUMER = 'slack-egress';

const CONSUMER_DESCRIPTIONS = {
  'message.routed': 'thinking status or placeholder in Slack (slack-egress service)',
  'message.rejected': 'rate-limit notices to Slack (slack-egress service)',
  'reply.started': 'answers streamed to Slack (slack-egress service)',
} as const;

/** How long a reply's owner may be silent before another instance takes the reply over. */
const REPLY_LEASE_MS = 15_000;
/** Long enough for many Retry-After waits; each 429 is one delivery. */
const MAX_DELIVERIES = 50;

function route(
  deps: EgressDeps,
  event: KonstructEvent,
  ctx: HandlerContext,
): Promise<HandlerOutcome> | HandlerOutcome {
  const { logger, signal } = ctx;
  switch (event.type) {
    case 'message.routed':
      return handleMessageRouted(deps, event, logger, signal, ctx.deliveryCount > 1);
    case 'message.rejected':
      return handleMessageRejected(deps, event, logger, signal);
    case 'reply.started':
      return handleReplyStarted(deps, event, ctx);
    default:
      return Outcome.ack();
  }
}

/**
 * A Slack refusal the handlers could not work around (`channel_not_found`, `invalid_auth` of a
 * revoked token, …) will not change on a retry: the event goes to the dead letters at once.
 */
async function dispatch(
  deps: EgressDeps,
  event: KonstructEvent,
  ctx: HandlerContext,
): Promise<HandlerOutcome> {
  try {
    return await route(deps, event, ctx);
  } catch (error) {
    if (!(error instanceof SlackRefused)) throw error;
    ctx.logger.error({ slackError: error.slackError }, 'Slack refused the call; giving up');
    return Outcome.giveUp(`Slack refused the call: ${error.slackError}`);
  }
}

/** A place where Slack refused to stream is not asked again for 6 hours. */
const STREAMING_REFUSALS = { ttlMs: 6 * 60 * 60_000, maxEntries: 50_000 };

/** Deltas (and ends) are kept for a minute after a reply's last one, for at most 20,000 replies. */
const DELTA_BUFFER = { keepMs: 60_000, maxReplies: 20_000 };

export function createSlackEgressService(
  settings: () => SlackEgressSettings = () => slackEgressSettings(loadConfig(slackEgressEnvSchema)),
): ServiceDefinition {
  return {
    name: 'slack-egress',
    description: 'Posts thinking status, streamed answers, notices and apologies to Slack.',
    needs: ['postgres', 'redis'],
    configurationProblem: () =>
      (process.env[SECRET_KEY_VARIABLE] ?? '') === ''
        ? `set ${SECRET_KEY_VARIABLE} (the key Slack bot tokens are encrypted with) to post to Slack`
        : undefined,
    async start(context) {
      const { db, redis, logger, subjects, nats, config } = context;
      if (db === undefined || redis === undefined) {
        throw new Error('slack-egress needs Postgres and Redis; declare them in `needs`');
      }
      const keyring: Keyring = keyringFromEnv({
        [SECRET_KEY_VARIABLE]: config.KONSTRUCT_SECRET_KEY,
        [PREVIOUS_SECRET_KEYS_VARIABLE]: config.KONSTRUCT_SECRET_KEYS_PREVIOUS,
      });
      const own = settings();
      const types = Object.keys(SLACK_EGRESS_CONSUMERS) as Array<
        keyof typeof SLACK_EGRESS_CONSUMERS
      >;
      const jsm = await jetstreamManager(nats);
      await ensureConsumersSucceeding(
        jsm,
        subjects.streams.events,
        subjects.durable(RETIRED_SLACK_EGRESS_CONSUMER),
        types.map((type) => ({
          durable: subjects.durable(SLACK_EGRESS_CONSUMERS[type]),
          filterSubjects: [subjects.eventsOfType(type)],
          ackWaitMs: 30_000,
          maxDeliver: MAX_DELIVERIES + 1,
          maxAckPending: own.concurrency * 4,
          description: CONSUMER_DESCRIPTIONS[type],
        })),
        { logger, serverVersion: nats.info?.version },
      );
      const lookup = { nc: nats, subjects };
      // opened before the consumers run, so no reply's first deltas go unheard
      const deltas = openDeltaBuffer(nats, subjects, DELTA_BUFFER);
      const ends = openEndBuffer(nats, subjects, {
        ...DELTA_BUFFER,
        lastSequence: async () => (await jsm.streams.info(subjects.streams.events)).state.last_seq,
      });
      const deps: EgressDeps = {
        ...lookup,
        readEvents: createEventsOfTypeCache().read,
        deltas,
        ends,
        store: createEgressStore(redis, redisKeys(subjects.namespace)),
        findTarget: createTargetFinder(lookup),
        workspaces: createSlackWorkspaces({ db, keyring, slackApiUrl: config.SLACK_API_URL }),
        batchIntervalMs: own.batchIntervalMs,
        batchChars: own.batchChars,
        idleTimeoutMs: own.idleTimeoutMs,
        leaseMs: REPLY_LEASE_MS,
        instanceId: randomUUID(),
        refusals: createStreamingRefusals(STREAMING_REFUSALS),
      };
      const runners: ConsumerRunner[] = [];
      const stopRunners = () => Promise.all(runners.map((runner) => runner.stop()));
      try {
        for (const type of types) {
          runners.push(
            await runConsumer({
              nc: nats,
              subjects,
              consumer: SLACK_EGRESS_CONSUMERS[type],
              filterSubjects: [subjects.eventsOfType(type)],
              concurrency: own.concurrency,
              retry: { backoffMs: [500, 2_000, 10_000], maxDeliver: MAX_DELIVERIES },
              logger,
              metrics: context.busMetrics,
              signal: context.signal,
              handle: (event, ctx) => dispatch(deps, event, ctx),
            }),
          );
        }
      } catch (error) {
        await stopRunners();
        deltas.close();
        ends.close();
        throw error;
      }
      return {
        stop: async () => {
          await stopRunners();
          deltas.close();
          ends.close();
        },
      };
    },
  };
}

/** The definition `konstruct start` runs; its settings are read from the environment at start. */
export const slackEgressService: ServiceDefinition = createSlackEgressService();
