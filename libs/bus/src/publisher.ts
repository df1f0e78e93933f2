/**
 * The one way events leave a service: validated against the registry (an invalid event is a
 * producer bug and is never sent), put on the subject the contract assigns, with the event id as
 * JetStream message id (so a retried publish is a no-op inside the duplicate window) and the
 * routing and trace headers. Stored events wait for the PubAck; live ones go over core NATS.
 */

import { newTraceparent, parseTraceparent } from '@konstruct/observability';
import type { EventDefinition, Subjects } from '@konstruct/schemas';
import { type JetStreamClient, jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { abortable } from './abortable.ts';
import {
  type BusEvent,
  defaultRegistry,
  type EventRegistry,
  type KonstructEvent,
} from './bus-event.ts';
import { eventHeaders } from './bus-headers.ts';
import { InvalidEventError } from './errors.ts';
import { type BusMetrics, noopMetrics } from './metrics.ts';
import { mapWithWindow } from './pipeline.ts';

export interface PublisherOptions<E extends BusEvent> {
  readonly nc: NatsConnection;
  readonly subjects: Subjects;
  /** Defaults to the platform registry. */
  readonly registry?: EventRegistry<E>;
  readonly logger: Logger;
  readonly metrics?: BusMetrics;
  /** How long to wait for each PubAck (default 5 s). */
  readonly ackTimeoutMs?: number;
}

export interface PublishOptions {
  /** The caller's trace context; a new trace is started when absent or malformed. */
  readonly traceparent?: string | undefined;
  /** Stops waiting for the PubAck; the message may still be stored (retry with the same id). */
  readonly signal?: AbortSignal | undefined;
}

export interface PublishManyOptions extends PublishOptions {
  // `traceparent`: the batch's parent span; without it the batch starts one new trace.
  /** Publishes awaiting their PubAck at once (default 256). */
  readonly window?: number;
}

export interface PublishResult {
  /** The stream that stored it; null for live events. */
  readonly stream: string | null;
  readonly seq: number | null;
  /** The id was already stored within the duplicate window; nothing new was stored. */
  readonly duplicate: boolean;
}

export interface Publisher<E extends BusEvent> {
  publish(event: E, options?: PublishOptions): Promise<PublishResult>;
  /** Validates all first (one invalid → nothing sent), then publishes pipelined, in order. */
  publishMany(events: readonly E[], options?: PublishManyOptions): Promise<PublishResult[]>;
}

const LIVE_RESULT: PublishResult = { stream: null, seq: null, duplicate: false };

/** The caller's traceparent when well-formed; otherwise (or none) a new trace, as W3C says. */
function validTraceparent(traceparent: string | undefined): string {
  return traceparent !== undefined && parseTraceparent(traceparent) !== undefined
    ? traceparent
    : newTraceparent();
}

export function createPublisher<E extends BusEvent = KonstructEvent>(
  options: PublisherOptions<E>,
): Publisher<E> {
  const { nc, subjects } = options;
  const registry = options.registry ?? defaultRegistry<E>();
  const metrics = options.metrics ?? noopMetrics;
  const js: JetStreamClient = jetstream(nc);
  const timeout = options.ackTimeoutMs ?? 5_000;
  const logger = options.logger.child({ component: 'publisher' });

  /**
   * The definition of a valid event. The event is stored as given (its own version: consumers
   * upcast on read); the registry's parsed copy is only a verdict and is dropped at once.
   */
  function validate(event: E, index?: number): EventDefinition {
    const parsed = registry.parse(event);
    if (!parsed.ok) throw new InvalidEventError(parsed.code, parsed.reason, index);
    const definition = registry.definitionOf(event.type, event.version);
    if (definition === undefined) {
      throw new InvalidEventError('UnknownEventType', `unknown event type ${event.type}`, index);
    }
    return definition;
  }

  function send(
    event: E,
    definition: EventDefinition,
    traceparent: string,
    signal: AbortSignal | undefined,
  ): Promise<PublishResult> {
    const started = performance.now();
    const subject = subjects.of(definition, event);
    const payload = JSON.stringify(event);
    const headers = eventHeaders(event, traceparent);
    if (definition.delivery === 'live') {
      nc.publish(subject, payload, { headers });
      metrics.published(event.type, (performance.now() - started) / 1000);
      return Promise.resolve(LIVE_RESULT);
    }
    const sent = js.publish(subject, payload, { msgID: event.id, headers, timeout });
    return abortable(sent, signal).then((ack) => {
      metrics.published(event.type, (performance.now() - started) / 1000);
      if (ack.duplicate) logger.debug({ eventId: event.id, seq: ack.seq }, 'duplicate ignored');
      return ack;
    });
  }

  return {
    publish(event, publishOptions = {}) {
      try {
        const traceparent = validTraceparent(publishOptions.traceparent);
        return send(event, validate(event), traceparent, publishOptions.signal);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    async publishMany(events, manyOptions = {}) {
      const definitions = events.map((event, index) => validate(event, index));
      // One operation publishing a batch is one parent span: its events share the traceparent.
      const traceparent = validTraceparent(manyOptions.traceparent);
      const { signal } = manyOptions;
      const step = (event: E, index: number) =>
        send(event, definitions[index] ?? validate(event, index), traceparent, signal);
      return mapWithWindow(events, manyOptions.window ?? 256, step, signal);
    },
  };
}
