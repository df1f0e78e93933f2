/**
 * slack-ingress as a platform service: serves Slack's Events API on `SLACK_PORT` (a Bolt app),
 * resolves each workspace through the read model (Postgres, the audited cross-tenant path with
 * actor `service:slack-ingress`), kept fresh by connection events, and publishes
 * `message.received` on the tenant's conversation subject.
 * Stateless apart from its cache: run as many instances as the load needs behind one URL; the
 * event id derived from Slack's `event_id` keeps retries and double deliveries single.
 */
import { createPublisher } from '@konstruct/bus';
import { configurationProblem, loadConfig } from '@konstruct/config';
import type { Database, Kysely } from '@konstruct/db';
import { findSlackConnectionByTeam } from '@konstruct/read-model';
import type { ServiceDefinition } from '@konstruct/runtime';
import type { KonstructEvent } from '@konstruct/schemas';
import {
  type SlackIngressSettings,
  slackIngressEnvSchema,
  slackIngressSettings,
} from './config.ts';
import { followConnectionEvents } from './connection-events.ts';
import { ackHistogram, ingressCounter } from './ingress-metrics.ts';
import { startSlackEventsApp } from './slack-events-app.ts';
import { createWorkspaceDirectory, type WorkspaceLookup } from './workspace-directory.ts';

/** Who the platform access log names for our cross-tenant reads. */
export const SLACK_INGRESS_READER = {
  actor: 'service:slack-ingress',
  reason: 'resolve a Slack team id to its tenant',
};

/** Stay under Slack's 3 s: a publish not acknowledged by then is answered 500 and retried. */
const PUBLISH_ACK_TIMEOUT_MS = 2_500;

function readModelLookup(db: Kysely<Database>): WorkspaceLookup {
  return async (teamId) => {
    const found = await findSlackConnectionByTeam(db, SLACK_INGRESS_READER, teamId);
    return found === undefined
      ? undefined
      : { tenantId: found.tenantId, connectionId: found.connectionId, botUserId: found.botUserId };
  };
}

export function createSlackIngressService(
  settings: () => SlackIngressSettings = () =>
    slackIngressSettings(loadConfig(slackIngressEnvSchema)),
): ServiceDefinition {
  return {
    name: 'slack-ingress',
    description: 'Receives Slack events over HTTP and publishes the messages addressed to agents.',
    needs: ['postgres'],
    configurationProblem: () => configurationProblem(settings),
    async start(context) {
      const { db, logger } = context;
      if (db === undefined) throw new Error('slack-ingress needs Postgres; declare it in `needs`');
      const { signingSecret, port, teamCacheTtlMs, unknownTeamCacheTtlMs } = settings();
      const publisher = createPublisher({
        nc: context.nats,
        subjects: context.subjects,
        logger,
        metrics: context.busMetrics,
        ackTimeoutMs: PUBLISH_ACK_TIMEOUT_MS,
      });
      const directory = createWorkspaceDirectory({
        lookup: readModelLookup(db),
        ttlMs: teamCacheTtlMs,
        unknownTtlMs: unknownTeamCacheTtlMs,
      });
      const connections = followConnectionEvents({
        nc: context.nats,
        subjects: context.subjects,
        directory,
        logger,
      });
      await connections.ready;
      const edge = await startSlackEventsApp({
        signingSecret,
        port,
        directory,
        publish: (event: KonstructEvent) => publisher.publish(event),
        count: ingressCounter(context.metrics.registry),
        observeAck: ackHistogram(context.metrics.registry),
        logger,
      });
      logger.info({ port: edge.port }, 'serving Slack events on POST /slack/events');
      return {
        async stop() {
          await edge.close();
          connections.close();
        },
      };
    },
  };
}

/** The definition `konstruct start` runs; its settings are read from the environment at start. */
export const slackIngressService: ServiceDefinition = createSlackIngressService();
