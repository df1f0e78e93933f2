/**
 * The platform's Prometheus instruments, each in a registry of its own (never prom-client's
 * global one), so tests and several services in one process never clash over metric names.
 * Label names are fixed by typed methods: a caller cannot misspell `consumer` or invent an
 * outcome, which keeps every dashboard query valid.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** What became of one consumed event. */
export type ConsumeOutcome = 'ack' | 'retry' | 'give_up' | 'dead_letter' | 'invalid';

export interface ConsumedLabels {
  readonly consumer: string;
  readonly type: string;
  readonly outcome: ConsumeOutcome;
}

export interface DeadLetteredLabels {
  readonly consumer: string;
  readonly type: string;
  readonly reason: string;
}

export interface HandlerLabels {
  readonly consumer: string;
  readonly type: string;
}

export interface Metrics {
  readonly registry: Registry;
  /** One event published, by event type. */
  eventPublished(type: string): void;
  eventConsumed(labels: ConsumedLabels): void;
  eventDeadLettered(labels: DeadLetteredLabels): void;
  observeHandlerDuration(labels: HandlerLabels, seconds: number): void;
  observePublishDuration(type: string, seconds: number): void;
  /** Messages the consumer has not yet processed (JetStream `num_pending`). */
  setConsumerLag(consumer: string, pending: number): void;
  /**
   * Reports a NATS connection's traffic (every protocol message and byte it sent and received:
   * publishes, acks, requests, deliveries) from `read`, the client's running totals, at each
   * scrape. One connection per registry; a second call replaces the first.
   */
  reportNatsTraffic(read: () => NatsTraffic): void;
}

/** A NATS client's running totals (`NatsConnection.stats()`). */
export interface NatsTraffic {
  readonly inMsgs: number;
  readonly outMsgs: number;
  readonly inBytes: number;
  readonly outBytes: number;
}

export interface MetricsOptions {
  /** Labels added to every series, e.g. `{ service: 'router' }`. */
  readonly defaultLabels?: Readonly<Record<string, string>>;
  /** Process metrics (CPU, memory, event loop, GC); on unless `false`. */
  readonly processMetrics?: boolean;
}

/** Handlers call LLMs, so the buckets reach two minutes. */
const HANDLER_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const PUBLISH_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.defaultLabels !== undefined) registry.setDefaultLabels(options.defaultLabels);
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const { published, consumed, deadLettered, handlerDuration, consumerLag, publishDuration } =
    createInstruments(registry);
  const natsTraffic = createNatsTrafficCounters(registry);
  return {
    registry,
    eventPublished: (type) => published.inc({ type }),
    eventConsumed: ({ consumer, type, outcome }) => consumed.inc({ consumer, type, outcome }),
    eventDeadLettered: ({ consumer, type, reason }) => deadLettered.inc({ consumer, type, reason }),
    observeHandlerDuration: ({ consumer, type }, seconds) =>
      handlerDuration.observe({ consumer, type }, seconds),
    observePublishDuration: (type, seconds) => publishDuration.observe({ type }, seconds),
    setConsumerLag: (consumer, pending) => consumerLag.set({ consumer }, pending),
    reportNatsTraffic: (read) => natsTraffic.report(read),
  };
}

/**
 * Counters that follow the client's own totals: at each scrape they grow by what the totals grew
 * since the last one (a counter cannot be set, and the totals only grow).
 */
function createNatsTrafficCounters(registry: Registry) {
  const none: NatsTraffic = { inMsgs: 0, outMsgs: 0, inBytes: 0, outBytes: 0 };
  let read: (() => NatsTraffic) | undefined;
  let seen = none;
  const catchUp = () => {
    if (read === undefined) return;
    const now = read();
    messages.inc({ direction: 'in' }, Math.max(0, now.inMsgs - seen.inMsgs));
    messages.inc({ direction: 'out' }, Math.max(0, now.outMsgs - seen.outMsgs));
    bytes.inc({ direction: 'in' }, Math.max(0, now.inBytes - seen.inBytes));
    bytes.inc({ direction: 'out' }, Math.max(0, now.outBytes - seen.outBytes));
    seen = now;
  };
  const messages = new Counter({
    name: 'konstruct_nats_messages_total',
    help: 'Protocol messages on the NATS connection (publishes, acks, requests, deliveries), by direction.',
    labelNames: ['direction'] as const,
    registers: [registry],
    collect: catchUp,
  });
  const bytes = new Counter({
    name: 'konstruct_nats_bytes_total',
    help: 'Payload bytes on the NATS connection, by direction.',
    labelNames: ['direction'] as const,
    registers: [registry],
    collect: catchUp,
  });
  return {
    /** Counts the new connection from its start (its totals begin at zero). */
    report(next: () => NatsTraffic) {
      catchUp();
      read = next;
      seen = none;
    },
  };
}

function createInstruments(registry: Registry) {
  const registers = [registry];
  return {
    published: new Counter({
      name: 'konstruct_events_published_total',
      help: 'Events published to JetStream, by event type.',
      labelNames: ['type'] as const,
      registers,
    }),
    consumed: new Counter({
      name: 'konstruct_events_consumed_total',
      help: 'Events taken from JetStream, by consumer, event type and outcome.',
      labelNames: ['consumer', 'type', 'outcome'] as const,
      registers,
    }),
    deadLettered: new Counter({
      name: 'konstruct_events_dead_lettered_total',
      help: 'Events moved to the dead-letter stream, by consumer, event type and reason.',
      labelNames: ['consumer', 'type', 'reason'] as const,
      registers,
    }),
    handlerDuration: new Histogram({
      name: 'konstruct_handler_duration_seconds',
      help: 'Time a consumer spent handling one event.',
      labelNames: ['consumer', 'type'] as const,
      buckets: HANDLER_BUCKETS,
      registers,
    }),
    consumerLag: new Gauge({
      name: 'konstruct_consumer_lag',
      help: 'Messages pending for a durable consumer.',
      labelNames: ['consumer'] as const,
      registers,
    }),
    publishDuration: new Histogram({
      name: 'konstruct_publish_duration_seconds',
      help: 'Time from publish to JetStream acknowledgement, by event type.',
      labelNames: ['type'] as const,
      buckets: PUBLISH_BUCKETS,
      registers,
    }),
  };
}
