/**
 * What the live loop does with one batch of delivered messages: find where the projections stand,
 * apply what is new in one transaction when the delivery continues right where they stand (the
 * usual case), or fill the gap from the stream first; dead-letter what does not parse; then
 * acknowledge everything (terminate what was refused). Nothing is acknowledged before the
 * transaction that covers it has committed.
 */
import type { Database, Kysely } from '@konstruct/db';
import type { EventRegistry, KonstructEvent } from '@konstruct/schemas';
import type { JsMsg } from '@nats-io/jetstream';
import { applyWithRetry, type BatchRetryDeps } from './batch-retry.ts';
import { checkpointFloor, readCheckpoints } from './checkpoints.ts';
import { type DeliveredBatch, type ParsedDelivery, sortDelivered } from './delivered-batch.ts';
import { PROJECTOR_CONSUMER, type ProjectorDeadLetters, rawOf } from './projector-dead-letters.ts';
import type { ProjectorMetrics } from './projector-metrics.ts';
import { fillFromStream, type StreamGapDeps } from './stream-gap.ts';

export interface DeliveryContext {
  readonly db: Kysely<Database>;
  readonly names: readonly string[];
  readonly registry: EventRegistry<KonstructEvent>;
  readonly retry: BatchRetryDeps;
  readonly gap: StreamGapDeps;
  readonly deadLetters: ProjectorDeadLetters;
  readonly metrics: ProjectorMetrics;
}

const consumer = PROJECTOR_CONSUMER;

async function fileInvalid(ctx: DeliveryContext, item: ParsedDelivery<JsMsg>): Promise<void> {
  if (item.ok) return;
  const { failure } = item;
  await ctx.deadLetters.file(rawOf(item.msg), {
    code: failure.code,
    reason: failure.reason,
    tenantId: failure.partial.tenantId,
    eventId: failure.partial.id,
    eventType: failure.partial.type,
  });
}

async function applyFresh(
  ctx: DeliveryContext,
  batch: DeliveredBatch<JsMsg>,
  floor: number,
): Promise<void> {
  if (!batch.contiguous) return fillFromStream(ctx.gap, floor, batch.last);
  for (const item of batch.fresh) await fileInvalid(ctx, item);
  const entries = batch.fresh.flatMap((item) => (item.ok ? [item.entry] : []));
  const outcome = await applyWithRetry(ctx.retry, { from: floor, to: batch.last, entries });
  if (outcome.kind === 'gap') await fillFromStream(ctx.gap, outcome.floor, batch.last);
}

function settle(ctx: DeliveryContext, batch: DeliveredBatch<JsMsg>): void {
  for (const msg of batch.done) msg.ack();
  for (const item of batch.fresh) {
    if (item.ok) {
      item.msg.ack();
      ctx.metrics.eventConsumed({ consumer, type: item.entry.event.type, outcome: 'ack' });
    } else {
      item.msg.term();
      const type = item.failure.partial.type ?? 'unknown';
      ctx.metrics.eventConsumed({ consumer, type, outcome: 'invalid' });
      ctx.metrics.eventDeadLettered({ consumer, type, reason: item.failure.code });
    }
  }
}

/** Applies and settles one delivered batch; throws (nothing acknowledged) when it could not. */
export async function processDelivered(
  ctx: DeliveryContext,
  messages: readonly JsMsg[],
): Promise<void> {
  const floor = checkpointFloor(await readCheckpoints(ctx.db, ctx.names));
  const batch = sortDelivered(messages, floor, ctx.registry, ctx.gap.subjects);
  if (batch.fresh.length > 0) await applyFresh(ctx, batch, floor);
  settle(ctx, batch);
  const newest = messages.at(-1);
  if (newest !== undefined) ctx.metrics.setConsumerLag(consumer, newest.info.pending);
}
