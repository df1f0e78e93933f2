/**
 * The live apply loop. Why not the bus's `runConsumer`: it settles each message on its own with
 * concurrent handlers, while a projection needs strict stream order and many events per Postgres
 * transaction. So this loop owns a durable pull consumer (declared with `ensureConsumer`) and:
 *   - takes what has arrived (up to `batchSize`, gathering for up to `batchLingerMs` after the first
 *     event so that a busy stream costs fewer transactions) and applies it in ONE transaction on the app-role
 *     connection (RLS in force), the tenant scope set per tenant, under the namespace's advisory
 *     lock, with every checkpoint moved to the batch's end in the same transaction; then acks;
 *   - skips what is at or below a projection's checkpoint, so a redelivered or replayed event
 *     changes nothing (usage is never added twice);
 *   - fills any gap between the checkpoints and the delivery from the stream itself, so order
 *     survives crashes, redeliveries and a second instance;
 *   - retries a failed batch in place, dead-letters an event that keeps failing and any event
 *     that does not parse, so the projection never stalls;
 *   - on stop, finishes the current batch, then naks what is still waiting.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database, Kysely } from '@konstruct/db';
import { streamLastSequence } from '@konstruct/event-store';
import {
  type EventRegistry,
  eventRegistry,
  type KonstructEvent,
  type Subjects,
} from '@konstruct/schemas';
import { type ConsumerMessages, type JsMsg, jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { RangeBatch } from './apply-batch.ts';
import type { ApplyFailure } from './apply-plan.ts';
import { applyWithRetry, DEFAULT_RETRY_BACKOFF_MS, retryDelay } from './batch-retry.ts';
import { checkpointFloor, readCheckpoints } from './checkpoints.ts';
import { type DeliveryContext, processDelivered } from './delivered-processing.ts';
import { createMessageBuffer, type MessageBuffer } from './message-buffer.ts';
import type { Projection } from './projection.ts';
import { notMigrated } from './projection-errors.ts';
import { allProjections } from './projection-registry.ts';
import { ensureProjectorConsumer, PROJECTOR_ACK_WAIT_MS } from './projector-consumer.ts';
import { PROJECTOR_CONSUMER, projectorDeadLetters } from './projector-dead-letters.ts';
import { noopProjectorMetrics, type ProjectorMetrics } from './projector-metrics.ts';

export const DEFAULT_BATCH_SIZE = 500;
export const DEFAULT_MAX_ATTEMPTS = 5;
/**
 * How long a batch gathers events after its first one. Each transaction is eight round trips
 * whatever its size; at a few hundred messages per second a 20 ms gather cut the projector's and
 * Postgres' CPU per message by about 40% (`node bench/run.ts slack-e2e`), for a read model that
 * is at most 20 ms later.
 */
export const DEFAULT_BATCH_LINGER_MS = 20;

export interface ProjectorOptions {
  readonly nc: NatsConnection;
  /** The app-role connection: RLS applies to every write. */
  readonly db: Kysely<Database>;
  readonly subjects: Subjects;
  readonly logger: Logger;
  /** Most events applied per transaction (default 500). */
  readonly batchSize?: number;
  /** How long a batch gathers events after its first one (default 20 ms; 0: none). */
  readonly batchLingerMs?: number;
  readonly projections?: readonly Projection[];
  readonly metrics?: ProjectorMetrics;
  /** Failures of one event before it is dead-lettered (default 5). */
  readonly maxAttempts?: number;
  /** Waits between attempts of a failing batch (default 0.2 s … 30 s). */
  readonly retryBackoffMs?: readonly number[];
  readonly registry?: EventRegistry<KonstructEvent>;
}

export interface RunningProjector {
  /** Finishes the current batch, naks what is waiting, and resolves. */
  stop(): Promise<void>;
  /** Resolves when the loop has ended. Never rejects. */
  readonly stopped: Promise<void>;
}

function deliveryContext(options: ProjectorOptions, signal: AbortSignal): DeliveryContext {
  const { nc, db, subjects, logger } = options;
  const projections = options.projections ?? allProjections;
  const registry = options.registry ?? eventRegistry;
  const metrics = options.metrics ?? noopProjectorMetrics;
  const deadLetters = projectorDeadLetters(nc, subjects);
  const retry = {
    db,
    namespace: subjects.namespace,
    projections,
    logger,
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    backoffMs: options.retryBackoffMs ?? DEFAULT_RETRY_BACKOFF_MS,
    attempts: new Map<number, number>(),
    deadLetters,
    signal,
    onGaveUp: ({ entry }: ApplyFailure) => {
      const type = entry.event.type;
      metrics.eventDeadLettered({ consumer: PROJECTOR_CONSUMER, type, reason: 'GaveUp' });
      metrics.eventConsumed({ consumer: PROJECTOR_CONSUMER, type, outcome: 'dead_letter' });
    },
  };
  const gap = {
    nc,
    subjects,
    registry,
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
    deadLetters,
    apply: (batch: RangeBatch) => applyWithRetry(retry, batch),
    onInvalid: (type: string | undefined, code: string) => {
      const labels = { consumer: PROJECTOR_CONSUMER, type: type ?? 'unknown' };
      metrics.eventConsumed({ ...labels, outcome: 'invalid' });
      metrics.eventDeadLettered({ ...labels, reason: code });
    },
  };
  const names = projections.map((p) => p.name);
  return { db, names, registry, retry, gap, deadLetters, metrics };
}

/** Refuses to start on an unmigrated database; warns when the stream is behind the read model. */
async function checkReadModel(ctx: DeliveryContext, options: ProjectorOptions): Promise<void> {
  const checkpoints = await readCheckpoints(ctx.db, ctx.names).catch((error: unknown) => {
    throw notMigrated(error) ?? error;
  });
  const floor = checkpointFloor(checkpoints);
  const last = await streamLastSequence(options.nc, options.subjects.streams.events);
  if (floor <= last) return;
  options.logger.error(
    { checkpoint: floor, streamLastSequence: last },
    'the read model is ahead of the events stream (was the stream recreated?); new events ' +
      'would be skipped until it catches up: run `konstruct projections rebuild`',
  );
}

async function runLoop(
  ctx: DeliveryContext,
  buffer: MessageBuffer,
  options: ProjectorOptions,
  signal: AbortSignal,
): Promise<void> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const lingerMs = options.batchLingerMs ?? DEFAULT_BATCH_LINGER_MS;
  let failures = 0;
  while (!signal.aborted) {
    await buffer.waitForMessages(signal);
    if (lingerMs > 0 && buffer.size < batchSize) {
      await buffer.waitForMessages(
        AbortSignal.any([signal, AbortSignal.timeout(lingerMs)]),
        batchSize,
      );
    }
    if (signal.aborted) break;
    const batch = buffer.take(batchSize);
    try {
      await processDelivered(ctx, batch);
      failures = 0;
    } catch (error) {
      for (const msg of batch) msg.nak();
      if (signal.aborted) break;
      failures += 1;
      options.logger.error(
        { err: error, failures },
        'projector batch failed; it will be redelivered',
      );
      await sleep(retryDelay(ctx.retry.backoffMs, failures), undefined, { signal }).catch(() => {});
    } finally {
      buffer.release(batch);
    }
  }
}

async function watchStatus(messages: ConsumerMessages, logger: Logger): Promise<void> {
  for await (const status of messages.status()) {
    if (status.type === 'heartbeats_missed' || status.type.endsWith('not_found')) {
      logger.warn({ status }, 'projector consumer degraded; nats.js keeps retrying');
    }
  }
}

async function shutDown(messages: ConsumerMessages, buffer: MessageBuffer, nc: NatsConnection) {
  await messages.close().catch(() => undefined);
  for (const msg of buffer.drain()) msg.nak();
  await nc.flush().catch(() => undefined);
}

/**
 * Declares the consumer and starts applying; resolves once it is pulling.
 * @throws ProjectionError `ReadModelNotMigrated` when the database has no read-model tables.
 */
export async function startProjector(options: ProjectorOptions): Promise<RunningProjector> {
  const { nc, subjects, logger } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const stopController = new AbortController();
  const ctx = deliveryContext(options, stopController.signal);
  await checkReadModel(ctx, options);
  await ensureProjectorConsumer(nc, subjects, batchSize, logger);
  const consumer = await jetstream(nc).consumers.get(
    subjects.streams.events,
    subjects.durable(PROJECTOR_CONSUMER),
  );
  const buffer = createMessageBuffer();
  const messages = await consumer.consume({
    max_messages: batchSize,
    callback: (msg: JsMsg) => buffer.push(msg),
  });
  watchStatus(messages, logger).catch((error: unknown) => {
    logger.warn({ err: error }, 'projector consumer status watcher ended');
  });
  const stopKeepAlive = buffer.keepAlive(Math.floor(PROJECTOR_ACK_WAIT_MS / 3));
  const stopped = runLoop(ctx, buffer, options, stopController.signal)
    .catch((error: unknown) => logger.error({ err: error }, 'projector loop failed'))
    .then(() => shutDown(messages, buffer, nc))
    .finally(() => {
      stopKeepAlive();
      logger.info('projector stopped');
    });
  logger.info(
    {
      batchSize,
      batchLingerMs: options.batchLingerMs ?? DEFAULT_BATCH_LINGER_MS,
      projections: ctx.names,
    },
    'projector started',
  );
  return {
    stop() {
      stopController.abort();
      return stopped;
    },
    stopped,
  };
}
