/**
 * What the runner does with one delivery: skip what the consumer should not see, validate,
 * refuse what cannot be parsed (dead letter + term, never a retry), run the handler and settle
 * the message as its outcome says. Never rejects: every path ends in ack, nak or term. A handler
 * that answers synchronously is settled synchronously (no promise per message on the hot path).
 */
import { parseEventAt, type Subjects } from '@konstruct/schemas';
import type { Logger } from 'pino';
import type { BusEvent, EventRegistry } from './bus-event.ts';
import type { DeadLetterRecord } from './dead-letter.ts';
import { type HandlerContext, handlerContext } from './handler-context.ts';
import { type HandlerOutcome, type RetryPolicy, settlementOf } from './handler-outcome.ts';
import type { Delivery } from './in-flight.ts';
import type { BusMetrics } from './metrics.ts';
import { type Refusal, refuse } from './refusal.ts';

export type Handler<E> = (
  event: E,
  ctx: HandlerContext,
) => Promise<HandlerOutcome> | HandlerOutcome;

export interface ProcessorDeps<E extends BusEvent> {
  readonly consumer: string;
  readonly stream: string;
  readonly registry: EventRegistry<E>;
  /** Events must arrive on the subject the contract gives them (`parseEventAt`). */
  readonly subjects: Subjects;
  readonly handle: Handler<E>;
  readonly retry: RetryPolicy;
  readonly logger: Logger;
  readonly metrics: BusMetrics;
  /** Aborted at the shutdown deadline; handed to handlers. */
  readonly handlerSignal: AbortSignal;
  /** Publishes a dead-letter record (rejects when it could not be stored). */
  readonly deadLetter: (record: DeadLetterRecord, tenantId: string | undefined) => Promise<void>;
  /** Set when the server filters more broadly than the declaration (nats-server 2.9). */
  readonly accepts: ((subject: string) => boolean) | undefined;
  readonly termWithReason: boolean;
  /** See `RunConsumerOptions.onExhausted`. */
  readonly onExhausted?: ((event: E, ctx: HandlerContext) => Promise<void>) | undefined;
}

/**
 * Runs the service's `onExhausted` for an event whose deliveries ran out, then dead-letters it;
 * a failing hook is logged and the event is dead-lettered all the same.
 */
function exhausted<E extends BusEvent>(
  deps: ProcessorDeps<E>,
  onExhausted: (event: E, ctx: HandlerContext) => Promise<void>,
  delivery: Delivery,
  event: E,
  ctx: HandlerContext,
  refusal: Refusal,
  started: number,
): Promise<void> {
  return onExhausted(event, ctx)
    .catch((error: unknown) => {
      ctx.logger.error({ err: error }, 'onExhausted failed; dead-lettering all the same');
    })
    .then(() => refuse(deps, delivery, refusal, started));
}

/** Settles one delivery; returns a promise only when it had to wait (async handler, DLQ). */
export type ProcessDelivery = (delivery: Delivery) => Promise<void> | undefined;

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown }).then === 'function';
}

const elapsed = (started: number) => (performance.now() - started) / 1000;

function thrown(error: unknown): HandlerOutcome {
  const reason = error instanceof Error ? error.message : String(error);
  return { kind: 'retry', reason: `handler threw: ${reason}` };
}

function settle<E extends BusEvent>(
  deps: ProcessorDeps<E>,
  delivery: Delivery,
  event: E,
  ctx: HandlerContext,
  outcome: HandlerOutcome,
  error: unknown,
  started: number,
): Promise<void> | undefined {
  const settlement = settlementOf(outcome, ctx.deliveryCount, deps.retry);
  const { metrics, consumer } = deps;
  if (settlement.action === 'ack') {
    delivery.ack();
    metrics.consumed(consumer, event.type, 'ack', elapsed(started));
    return undefined;
  }
  if (settlement.action === 'nak') {
    const fields = { err: error, deliveryCount: ctx.deliveryCount, retryInMs: settlement.delayMs };
    ctx.logger[error === undefined ? 'info' : 'warn'](fields, `will retry: ${settlement.reason}`);
    delivery.nak(settlement.delayMs);
    metrics.consumed(consumer, event.type, 'retry', elapsed(started));
    return undefined;
  }
  if (error !== undefined) ctx.logger.error({ err: error }, 'handler failed on its last delivery');
  const refusal: Refusal = {
    code: settlement.code,
    reason: settlement.reason,
    tenantId: event.tenantId,
    eventId: event.id,
    eventType: event.type,
    outcome: settlement.code === 'GaveUp' ? 'give_up' : 'dead_letter',
  };
  if (settlement.code === 'MaxDeliveriesExhausted' && deps.onExhausted !== undefined) {
    return exhausted(deps, deps.onExhausted, delivery, event, ctx, refusal, started);
  }
  return refuse(deps, delivery, refusal, started);
}

function handleEvent<E extends BusEvent>(
  deps: ProcessorDeps<E>,
  delivery: Delivery,
  event: E,
  started: number,
): Promise<void> | undefined {
  const ctx = handlerContext(delivery.msg, event, deps.logger, deps.handlerSignal);
  let result: Promise<HandlerOutcome> | HandlerOutcome;
  try {
    result = deps.handle(event, ctx);
  } catch (error) {
    return settle(deps, delivery, event, ctx, thrown(error), error, started);
  }
  if (!isPromiseLike(result)) return settle(deps, delivery, event, ctx, result, undefined, started);
  return Promise.resolve(result).then(
    (outcome) => settle(deps, delivery, event, ctx, outcome, undefined, started),
    (error: unknown) => settle(deps, delivery, event, ctx, thrown(error), error, started),
  );
}

export function createMessageProcessor<E extends BusEvent>(
  deps: ProcessorDeps<E>,
): ProcessDelivery {
  return (delivery) => {
    const { msg } = delivery;
    if (deps.accepts !== undefined && !deps.accepts(msg.subject)) {
      delivery.ack();
      return undefined;
    }
    const started = performance.now();
    // `string()` decodes with the client's shared TextDecoder (cheaper than one per message).
    const parsed = parseEventAt(deps.registry, deps.subjects, msg.string(), msg.subject);
    if (!parsed.ok) {
      const { partial } = parsed;
      const refusal: Refusal = {
        code: parsed.code,
        reason: parsed.reason,
        tenantId: partial.tenantId,
        eventId: partial.id,
        eventType: partial.type,
        outcome: 'invalid',
      };
      return refuse(deps, delivery, refusal, started);
    }
    const event = parsed.event;
    const deliveryCount = msg.info.deliveryCount;
    if (deliveryCount <= deps.retry.maxDeliver) return handleEvent(deps, delivery, event, started);
    const refusal: Refusal = {
      code: 'MaxDeliveriesExhausted',
      reason: `delivered ${deliveryCount} times, more than the ${deps.retry.maxDeliver} allowed; an earlier attempt never finished`,
      tenantId: event.tenantId,
      eventId: event.id,
      eventType: event.type,
      outcome: 'dead_letter',
    };
    if (deps.onExhausted === undefined) return refuse(deps, delivery, refusal, started);
    const ctx = handlerContext(msg, event, deps.logger, deps.handlerSignal);
    return exhausted(deps, deps.onExhausted, delivery, event, ctx, refusal, started);
  };
}
