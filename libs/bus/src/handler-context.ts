/**
 * What a handler gets besides the event: where the message sits in the stream, how often it was
 * delivered, a trace context that continues the producer's trace, a logger already bound to the
 * event (tenant, correlation, ids, trace) and the signal that fires at the shutdown deadline.
 * The trace context is built on first use and the logger's child on the first line it writes,
 * so a handler that logs nothing pays nothing for them.
 */

import { childTraceparent, deferredLogger, parseTraceparent } from '@konstruct/observability';
import type { JsMsg } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import type { BusEvent } from './bus-event.ts';
import { BusHeaders } from './bus-headers.ts';

export interface HandlerContext {
  readonly streamSequence: number;
  /** 1 on first delivery. */
  readonly deliveryCount: number;
  readonly subject: string;
  /** A child span of the incoming `traceparent` (a new trace when there was none). */
  readonly traceparent: string;
  readonly logger: Logger;
  /** Aborts when the runner's shutdown deadline passes: stop and leave the message to retry. */
  readonly signal: AbortSignal;
}

class LazyHandlerContext implements HandlerContext {
  readonly streamSequence: number;
  readonly deliveryCount: number;
  readonly subject: string;
  readonly signal: AbortSignal;
  readonly #msg: JsMsg;
  readonly #event: BusEvent;
  readonly #baseLogger: Logger;
  #traceparent: string | undefined;
  #logger: Logger | undefined;

  constructor(msg: JsMsg, event: BusEvent, logger: Logger, signal: AbortSignal) {
    const info = msg.info;
    this.streamSequence = info.streamSequence;
    this.deliveryCount = info.deliveryCount;
    this.subject = msg.subject;
    this.signal = signal;
    this.#msg = msg;
    this.#event = event;
    this.#baseLogger = logger;
  }

  get traceparent(): string {
    this.#traceparent ??= childTraceparent(this.#msg.headers?.get(BusHeaders.traceparent));
    return this.#traceparent;
  }

  get logger(): Logger {
    const event = this.#event;
    this.#logger ??= deferredLogger(this.#baseLogger, () =>
      this.#baseLogger.child({
        tenantId: event.tenantId,
        correlationId: event.correlationId,
        eventId: event.id,
        eventType: event.type,
        traceId: parseTraceparent(this.traceparent)?.traceId,
      }),
    );
    return this.#logger;
  }
}

export function handlerContext(
  msg: JsMsg,
  event: BusEvent,
  logger: Logger,
  signal: AbortSignal,
): HandlerContext {
  return new LazyHandlerContext(msg, event, logger, signal);
}
