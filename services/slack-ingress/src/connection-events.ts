/**
 * Keeps the workspace directory current while the service runs (issue 6: "cached, invalidated by
 * connection events"): a plain core NATS subscription, across tenants, to `connection.added` and
 * `connection.removed` (JetStream-stored events reach plain subscribers too). No durable is
 * needed: every instance only keeps its own cache fresh, and an event missed during a reconnect
 * costs at most one cache TTL. Each event is parsed against its subject before it is believed.
 */

import type { Logger } from '@konstruct/observability';
import type { ServiceContext } from '@konstruct/runtime';
import {
  ConnectionAdded,
  ConnectionRemoved,
  eventRegistry,
  parseEventAt,
  type Subjects,
} from '@konstruct/schemas';
import type { WorkspaceDirectory } from './workspace-directory.ts';

type NatsConnection = ServiceContext['nats'];

export interface ConnectionEventsOptions {
  readonly nc: NatsConnection;
  readonly subjects: Subjects;
  readonly directory: WorkspaceDirectory;
  readonly logger: Logger;
}

export interface ConnectionEventsSubscription {
  /** Resolves once the server has registered the subscriptions. */
  readonly ready: Promise<void>;
  close(): void;
}

export function followConnectionEvents(
  options: ConnectionEventsOptions,
): ConnectionEventsSubscription {
  const { nc, subjects, directory, logger } = options;
  const onMessage = (error: Error | null, msg: { subject: string; string(): string }) => {
    if (error !== null) {
      logger.warn({ err: error }, 'connection events subscription failed');
      return;
    }
    const parsed = parseEventAt(eventRegistry, subjects, msg.string(), msg.subject);
    if (!parsed.ok) {
      logger.warn({ subject: msg.subject, code: parsed.code }, 'connection event ignored');
      return;
    }
    const event = parsed.event;
    if (event.type === ConnectionAdded.type) {
      const { connectionId, connection } = event.data;
      directory.learn(connection.teamId, {
        tenantId: event.tenantId,
        connectionId,
        botUserId: connection.botUserId,
      });
      logger.info({ teamId: connection.teamId, connectionId }, 'slack workspace connected');
    } else if (event.type === ConnectionRemoved.type) {
      directory.forgetConnection(event.data.connectionId);
      logger.info({ connectionId: event.data.connectionId }, 'slack workspace disconnected');
    }
  };
  const subscriptions = [ConnectionAdded.type, ConnectionRemoved.type].map((type) =>
    nc.subscribe(subjects.eventsOfType(type), { callback: onMessage }),
  );
  return {
    ready: nc.flush(),
    close() {
      for (const subscription of subscriptions) subscription.unsubscribe();
    },
  };
}
