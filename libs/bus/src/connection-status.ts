/**
 * Turns the connection's status stream into clear log lines: a disconnect, each reconnect and
 * server errors are visible in the logs with the server they concern, noise (pings) is not.
 */
import type { NatsConnection, Status } from '@nats-io/transport-node';
import type { Logger } from 'pino';

type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface StatusLine {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

/** Pure: what to log for one status, or undefined for nothing. */
export function describeStatus(status: Status): StatusLine | undefined {
  switch (status.type) {
    case 'disconnect':
      return line('warn', 'nats disconnected; reconnecting', { server: status.server });
    case 'reconnecting':
      return line('debug', 'nats reconnect attempt', {});
    case 'reconnect':
      return line('info', 'nats reconnected', { server: status.server });
    case 'error':
      return line('error', 'nats server error', { err: status.error });
    case 'ldm':
      return line('warn', 'nats server entering lame-duck mode', { server: status.server });
    case 'staleConnection':
      return line('warn', 'nats connection is stale; reconnecting', {});
    case 'slowConsumer':
      return line('warn', 'nats slow consumer: messages pending in a subscription', {
        subject: status.sub.getSubject(),
        pending: status.pending,
      });
    case 'update':
      return line('info', 'nats cluster membership changed', {
        added: status.added ?? [],
        deleted: status.deleted ?? [],
      });
    case 'forceReconnect':
      return line('info', 'nats reconnect forced', {});
    case 'close':
      return line('info', 'nats connection closed', {});
    case 'ping':
      return undefined;
    default: {
      const unknown: never = status;
      return line('debug', 'nats status', { status: unknown });
    }
  }
}

function line(level: LogLevel, message: string, fields: Record<string, unknown>): StatusLine {
  return { level, message, fields };
}

/** Logs every status until the connection closes; resolves then. */
export async function watchConnectionStatus(nc: NatsConnection, logger: Logger): Promise<void> {
  for await (const status of nc.status()) {
    const described = describeStatus(status);
    if (described !== undefined) logger[described.level](described.fields, described.message);
  }
}
