/**
 * slack-ingress as a platform service: serves Slack's Events API on `SLACK_PORT`, resolves each
 * workspace through the read model (Postgres, the audited cross-tenant path with actor
 * `service:slack-ingress`) and publishes `message.received` on the tenant's conversation subject.
 * Stateless apart from its cache: run as many instances as the load needs behind one URL; the
 * event id derived from Slack's `event_id` keeps retries and double deliveries single.
 */
import { createPublisher } from '@konstruct/bus';
import { loadConfig } from '@konstruct/config';
import type { Database, Kysely } from '@konstruct/db';
import { findSlackConnectionByTeam } from '@konstruct/read-model';
import type { ServiceDefinition } from '@konstruct/runtime';
import type { KonstructEvent } from '@konstruct/schemas';
import {
  type SlackIngressSettings,
  slackIngressEnvSchema,
  slackIngressSettings,
} from './config.ts';
import { handleSlackRequest } from './handle-slack-request.ts';
import { ingressCounter } from './ingress-metrics.ts';
import { startSlackHttpServer } from './slack-http-server.ts';
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
      const deps = {
        signingSecret,
        now: Date.now,
        directory: createWorkspaceDirectory({
          lookup: readModelLookup(db),
          ttlMs: teamCacheTtlMs,
          unknownTtlMs: unknownTeamCacheTtlMs,
        }),
        publish: (event: KonstructEvent) => publisher.publish(event),
        count: ingressCounter(context.metrics.registry),
        logger,
      };
      const server = await startSlackHttpServer({
        port,
        logger,
        handle: (request) => handleSlackRequest(deps, request),
      });
      logger.info({ port: server.port }, 'serving Slack events on POST /slack/events');
      return { stop: () => server.close() };
    },
  };
}

/** The definition `konstruct start` runs; its settings are read from the environment at start. */
export const slackIngressService: ServiceDefinition = createSlackIngressService();
