/**
 * Small pieces the consumer runner needs: binding to its durable (a typed error when missing),
 * a sanity check of max deliveries, whether it must filter subjects itself (the server filters
 * more broadly than declared, as on nats-server 2.9 with several filters), a log of the
 * consumer's notable status notifications, and a bounded wait for shutdown.
 */
import {
  type ConsumerConfig,
  type ConsumerInfo,
  type ConsumerMessages,
  JetStreamApiCodes,
  jetstream,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { sameValue } from './config-diff.ts';
import { BusError, isApiError } from './errors.ts';
import type { RetryPolicy } from './handler-outcome.ts';
import { compileSubjectFilter } from './subject-match.ts';

/** The durable pull consumer, or `ConsumerNotFound` when it was never declared. */
export async function openConsumer(nc: NatsConnection, stream: string, durable: string) {
  try {
    return await jetstream(nc).consumers.get(stream, durable);
  } catch (error) {
    const missing =
      isApiError(error, JetStreamApiCodes.ConsumerNotFound) ||
      isApiError(error, JetStreamApiCodes.StreamNotFound);
    if (!missing) throw error;
    throw new BusError(
      'ConsumerNotFound',
      `consumer ${durable} on stream ${stream} does not exist; run ensureConsumer at start-up`,
      { cause: error },
    );
  }
}

export function warnOnMaxDeliver(info: ConsumerInfo, retry: RetryPolicy, logger: Logger): void {
  const serverMaxDeliver = info.config.max_deliver ?? -1;
  if (serverMaxDeliver === -1 || serverMaxDeliver > retry.maxDeliver) return;
  logger.warn(
    { serverMaxDeliver, retryMaxDeliver: retry.maxDeliver },
    'consumer max_deliver should exceed retry.maxDeliver, or a crashed last delivery is never dead-lettered',
  );
}

/** A predicate when the server's filters differ from the declared ones, else undefined. */
export function clientFilterFor(
  declared: readonly string[] | undefined,
  config: Pick<ConsumerConfig, 'filter_subject' | 'filter_subjects'>,
): ((subject: string) => boolean) | undefined {
  if (declared === undefined || declared.length === 0) return undefined;
  const serverFilters =
    config.filter_subjects !== undefined && config.filter_subjects.length > 0
      ? config.filter_subjects
      : config.filter_subject
        ? [config.filter_subject]
        : [];
  if (sameValue([...declared], serverFilters)) return undefined;
  return compileSubjectFilter(declared);
}

export async function watchConsumerStatus(messages: ConsumerMessages, logger: Logger) {
  for await (const status of messages.status()) {
    switch (status.type) {
      case 'consumer_not_found':
      case 'stream_not_found':
      case 'consumer_deleted':
        logger.error({ status }, 'consumer unavailable; retrying');
        break;
      case 'heartbeats_missed':
      case 'exceeded_limits':
      case 'no_responders':
        logger.warn({ status }, 'consumer pull degraded');
        break;
      default:
        break;
    }
  }
}

/** True when `promise` settled within `ms`, false when the time ran out first. */
export async function settleWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const result = await Promise.race([promise.then(() => true as const), timeout]);
  clearTimeout(timer);
  return result;
}
