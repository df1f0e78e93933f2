/**
 * One way every service connects to NATS: named, optionally TLS and creds, reconnecting forever
 * with wait and jitter, and logging its status. The first connection is retried too (NATS may
 * start after the service), with back-off, until it succeeds or `signal` aborts.
 * Writes are coalesced per event-loop turn (`coalescing-transport.ts`).
 */
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  credsAuthenticator,
  type NatsConnection,
  type NodeConnectionOptions,
} from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { connectCoalescing } from './coalescing-transport.ts';
import { watchConnectionStatus } from './connection-status.ts';
import { BusError } from './errors.ts';

export interface BusTlsOptions {
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
}

export interface ConnectBusOptions {
  readonly servers: string | readonly string[];
  /** The connection name the server shows (`konstruct-router`, …). */
  readonly name: string;
  readonly tls?: BusTlsOptions;
  readonly credsFile?: string;
  readonly logger: Logger;
  /** Aborts the first-connection retries. Once connected, the caller drains/closes. */
  readonly signal?: AbortSignal;
  /** Wait between reconnect attempts (default 2 s) plus up to `reconnectJitterMs` (default 1 s). */
  readonly reconnectWaitMs?: number;
  readonly reconnectJitterMs?: number;
}

async function connectionOptions(options: ConnectBusOptions): Promise<NodeConnectionOptions> {
  const wait = options.reconnectWaitMs ?? 2_000;
  const jitter = options.reconnectJitterMs ?? 1_000;
  const result: NodeConnectionOptions = {
    servers: typeof options.servers === 'string' ? options.servers : [...options.servers],
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: wait,
    reconnectJitter: jitter,
    reconnectJitterTLS: jitter * 2,
    timeout: 5_000,
    // No caller stack captured per request (two Error objects each, ~4% of a busy service's CPU);
    // request failures still say what failed, and our callers add their own context.
    noAsyncTraces: true,
  };
  if (options.tls !== undefined) {
    const { caFile, certFile, keyFile } = options.tls;
    result.tls = {
      ...(caFile === undefined ? {} : { caFile }),
      ...(certFile === undefined ? {} : { certFile }),
      ...(keyFile === undefined ? {} : { keyFile }),
    };
  }
  if (options.credsFile !== undefined) {
    result.authenticator = credsAuthenticator(await readFile(options.credsFile));
  }
  return result;
}

/** Connects (retrying the first connection forever) and starts the status log. */
export async function connectBus(options: ConnectBusOptions): Promise<NatsConnection> {
  const { logger, signal } = options;
  const natsOptions = await connectionOptions(options);
  const wait = natsOptions.reconnectTimeWait ?? 2_000;
  const jitter = natsOptions.reconnectJitter ?? 1_000;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) {
      throw new BusError('ConnectAborted', 'connecting to NATS was aborted', {
        cause: signal.reason,
      });
    }
    try {
      const nc = await connectCoalescing(natsOptions);
      logger.info(
        { server: nc.getServer(), version: nc.info?.version, name: options.name },
        'nats connected',
      );
      watchConnectionStatus(nc, logger).catch((error: unknown) => {
        logger.error({ err: error }, 'nats status watcher failed');
      });
      return nc;
    } catch (error) {
      const delayMs = Math.round(wait + Math.random() * jitter);
      logger.warn(
        { err: error, attempt, retryInMs: delayMs, servers: natsOptions.servers },
        'nats connection failed; retrying',
      );
      await sleep(delayMs, undefined, signal === undefined ? {} : { signal }).catch(() => {});
    }
  }
}
