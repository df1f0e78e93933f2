/**
 * Runs a handler over a durable pull consumer: bounded concurrency with explicit back-pressure
 * (a slot is taken before the next message), validation on receipt, retries with back-off,
 * dead letters instead of endless retries, keep-alive for long handlers, lag reporting, and a
 * graceful stop that lets in-flight handlers finish within a deadline and naks the rest.
 * Several instances on one durable compete for messages: each is handled by one of them.
 */

import type { Subjects } from '@konstruct/schemas';
import type { ConsumerMessages } from '@nats-io/jetstream';
import { millis, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import {
  type BusEvent,
  defaultRegistry,
  type EventRegistry,
  type KonstructEvent,
} from './bus-event.ts';
import { type ConcurrencyGate, createConcurrencyGate } from './concurrency-gate.ts';
import { createDeadLetterSink } from './dead-letter-sink.ts';
import type { HandlerContext } from './handler-context.ts';
import { backoffDelay, type RetryPolicy } from './handler-outcome.ts';
import { createInFlight, type InFlight } from './in-flight.ts';
import { startLagReporter } from './lag-reporter.ts';
import { createMessageProcessor, type Handler, type ProcessDelivery } from './message-processor.ts';
import { type BusMetrics, noopMetrics } from './metrics.ts';
import {
  clientFilterFor,
  openConsumer,
  settleWithin,
  warnOnMaxDeliver,
  watchConsumerStatus,
} from './runner-support.ts';
import { capabilitiesOf } from './server-capabilities.ts';

export interface RunConsumerOptions<E extends BusEvent> {
  readonly nc: NatsConnection;
  readonly subjects: Subjects;
  /** Defaults to the events stream of `subjects`. */
  readonly stream?: string;
  /** The consumer's name (`router`); its durable is `subjects.durable(consumer)`. */
  readonly consumer: string;
  readonly registry?: EventRegistry<E>;
  readonly handle: Handler<E>;
  /** Handlers running at once; also the batch pulled ahead (`max_messages`). */
  readonly concurrency: number;
  readonly retry: RetryPolicy;
  readonly logger: Logger;
  readonly metrics?: BusMetrics;
  /** Aborting it stops the runner like `stop()`. */
  readonly signal?: AbortSignal;
  /** The declared filters; messages none of them match are acked unhandled (2.9 fallback). */
  readonly filterSubjects?: readonly string[];
  /** How long `stop()` waits for in-flight handlers before nak'ing them (default 10 s). */
  readonly shutdownDeadlineMs?: number;
  /** How often consumer lag is read and reported (default 5 s). */
  readonly lagIntervalMs?: number;
  /**
   * Called before an event is dead-lettered because its deliveries ran out (the handler asked
   * for a retry on the last one, or deliveries never settled: a process that crashed on each):
   * the service's last chance to tell the person waiting. A failure is logged; the event is
   * dead-lettered all the same.
   */
  readonly onExhausted?: (event: E, ctx: HandlerContext) => Promise<void>;
}

export interface ConsumerRunner {
  /** Stops pulling, waits for in-flight handlers (up to the deadline), then resolves. */
  stop(): Promise<void>;
  /** Resolves when the runner has stopped, for whatever reason. Never rejects. */
  readonly stopped: Promise<void>;
  /** Handlers running now, and the most ever at once. */
  readonly active: number;
  readonly peakActive: number;
}

interface PumpDeps {
  readonly inFlight: InFlight;
  readonly gate: ConcurrencyGate;
  readonly stopSignal: AbortSignal;
  readonly processDelivery: ProcessDelivery;
  readonly retry: RetryPolicy;
  readonly logger: Logger;
}

/** Takes a slot, then a message; after a stop, naks what is still buffered. */
async function pump(feed: ConsumerMessages, deps: PumpDeps): Promise<void> {
  const { inFlight, gate, stopSignal, logger } = deps;
  const failed = (delivery: ReturnType<InFlight['track']>) => (error: unknown) => {
    logger.error({ err: error, streamSequence: delivery.msg.seq }, 'message processing failed');
    delivery.nak(backoffDelay(deps.retry, delivery.msg.info.deliveryCount));
    gate.release();
  };
  const release = () => gate.release();
  for await (const msg of feed) {
    const delivery = inFlight.track(msg);
    if (!gate.tryAcquire() && !(await gate.acquire(stopSignal))) {
      delivery.nak();
      continue;
    }
    if (stopSignal.aborted) {
      delivery.nak();
      gate.release();
      continue;
    }
    let pending: Promise<void> | undefined;
    try {
      pending = deps.processDelivery(delivery);
    } catch (error) {
      failed(delivery)(error);
      continue;
    }
    if (pending === undefined) gate.release();
    else pending.then(release, failed(delivery));
  }
}

/** Starts consuming; resolves once the consumer is bound and pulling. */
export async function runConsumer<E extends BusEvent = KonstructEvent>(
  options: RunConsumerOptions<E>,
): Promise<ConsumerRunner> {
  const { nc, subjects, consumer, retry } = options;
  const stream = options.stream ?? subjects.streams.events;
  const logger = options.logger.child({ consumer, stream });
  const metrics = options.metrics ?? noopMetrics;
  const pullConsumer = await openConsumer(nc, stream, subjects.durable(consumer));
  const info = await pullConsumer.info(true);
  warnOnMaxDeliver(info, retry, logger);
  const handlerController = new AbortController();
  const processDelivery = createMessageProcessor({
    consumer,
    stream,
    registry: options.registry ?? defaultRegistry<E>(),
    subjects,
    handle: options.handle,
    retry,
    logger,
    metrics,
    handlerSignal: handlerController.signal,
    deadLetter: createDeadLetterSink(nc, subjects, consumer),
    accepts: clientFilterFor(options.filterSubjects, info.config),
    termWithReason: capabilitiesOf(nc.info?.version).termWithReason,
    onExhausted: options.onExhausted,
  });
  const messages = await pullConsumer.consume({ max_messages: options.concurrency });
  watchConsumerStatus(messages, logger).catch((error: unknown) => {
    logger.error({ err: error }, 'consumer status watcher failed');
  });
  const lag = startLagReporter(
    pullConsumer,
    info,
    consumer,
    metrics,
    logger,
    options.lagIntervalMs,
  );
  const ackWaitMs = millis(info.config.ack_wait ?? 30_000_000_000);
  return supervise(options, {
    messages,
    processDelivery,
    handlerController,
    logger,
    ackWaitMs,
    stopLag: () => lag.stop(),
  });
}

interface Running {
  readonly messages: ConsumerMessages;
  readonly processDelivery: ProcessDelivery;
  readonly handlerController: AbortController;
  readonly logger: Logger;
  readonly ackWaitMs: number;
  readonly stopLag: () => void;
}

interface Stopper {
  readonly signal: AbortSignal;
  /** When stop was first requested (performance.now()), undefined until then. */
  readonly requestedAt: number | undefined;
  request(): void;
}

/** Stopping = no more pulling: close the feed (buffered messages are nak'd by the pump). */
function createStopper(messages: ConsumerMessages, logger: Logger): Stopper {
  const controller = new AbortController();
  let requestedAt: number | undefined;
  return {
    signal: controller.signal,
    get requestedAt() {
      return requestedAt;
    },
    request() {
      if (requestedAt !== undefined) return;
      requestedAt = performance.now();
      controller.abort();
      messages.close().catch((error: unknown) => {
        logger.warn({ err: error }, 'closing the message feed failed');
      });
    },
  };
}

interface Supervised {
  readonly gate: ConcurrencyGate;
  readonly inFlight: InFlight;
  readonly stopper: Stopper;
}

/** After the feed ends: wait for handlers up to the deadline, nak the rest, flush the acks. */
async function drain<E extends BusEvent>(
  options: RunConsumerOptions<E>,
  running: Running,
  { gate, inFlight, stopper }: Supervised,
): Promise<void> {
  const { logger } = running;
  const deadlineMs = options.shutdownDeadlineMs ?? 10_000;
  const remaining = deadlineMs - (performance.now() - (stopper.requestedAt ?? 0));
  if (!(await settleWithin(gate.idle(), Math.max(0, remaining)))) {
    running.handlerController.abort(new Error('consumer shutdown deadline passed'));
    logger.warn({ nakd: inFlight.nakAll(), deadlineMs }, 'shutdown deadline passed');
  }
  inFlight.close();
  running.stopLag();
  // Acks are fire-and-forget: a round trip makes sure the server has them before we resolve.
  await options.nc.flush().catch((error: unknown) => {
    logger.warn({ err: error }, 'could not flush acks on stop');
  });
  logger.info('consumer stopped');
}

/** Pumps until stopped, then drains in-flight handlers within the deadline. */
function supervise<E extends BusEvent>(
  options: RunConsumerOptions<E>,
  running: Running,
): ConsumerRunner {
  const { messages, logger } = running;
  const gate = createConcurrencyGate(options.concurrency);
  const inFlight = createInFlight(logger);
  inFlight.startKeepAlive(Math.max(50, Math.floor(running.ackWaitMs / 3)));
  const stopper = createStopper(messages, logger);
  const onAbort = () => stopper.request();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) stopper.request();
  const pumpDeps: PumpDeps = {
    inFlight,
    gate,
    stopSignal: stopper.signal,
    retry: options.retry,
    logger,
    processDelivery: running.processDelivery,
  };
  const stopped = (async () => {
    await pump(messages, pumpDeps).catch((error: unknown) => {
      logger.error({ err: error }, 'message feed failed');
    });
    if (stopper.requestedAt === undefined) logger.warn('message feed ended unexpectedly; stopping');
    stopper.request();
    options.signal?.removeEventListener('abort', onAbort);
    await drain(options, running, { gate, inFlight, stopper });
  })();
  return {
    stop() {
      stopper.request();
      return stopped;
    },
    stopped,
    get active() {
      return gate.active;
    },
    get peakActive() {
      return gate.peak;
    },
  };
}
