/**
 * What the live loop does with one batch of delivered messages: find where the projections stand,
 * apply what is new in one transaction when the delivery continues right where they stand (the
 * usual case), or fill the gap from the stream first; dead-letter what does not parse; then
 * acknowledge the batch (one ack of its newest message). Nothing is acknowledged before the
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

/**
 * The consumer acknowledges all (`projector-consumer.ts`): one ack of the batch's newest message
 * settles every message before it — those applied, those already applied (redeliveries) and
 * those filed as dead letters (not terminated one by one: the ack ends their deliveries too).
 */
function settle(
  ctx: DeliveryContext,
  batch: DeliveredBatch<JsMsg>,
  messages: readonly JsMsg[],
): void {
  for (const item of batch.fresh) {
    if (item.ok) {
      ctx.metrics.eventConsumed({ consumer, type: item.entry.event.type, outcome: 'ack' });
    } else {
      const type = item.failure.partial.type ?? 'unknown';
      ctx.metrics.eventConsumed({ consumer, type, outcome: 'invalid' });
      ctx.metrics.eventDeadLettered({ consumer, type, reason: item.failure.code });
    }
  }
  let newest: JsMsg | undefined;
  for (const msg of messages) if (newest === undefined || msg.seq > newest.seq) newest = msg;
  newest?.ack();
}

/** Applies and settles one delivered batch; throws (nothing acknowledged) when it could not. */
export async function processDelivered(
  ctx: DeliveryContext,
  messages: readonly JsMsg[],
): Promise<void> {
  const floor = checkpointFloor(await readCheckpoints(ctx.db, ctx.names));
  const batch = sortDelivered(messages, floor, ctx.registry, ctx.gap.subjects);
  if (batch.fresh.length > 0) await applyFresh(ctx, batch, floor);
  settle(ctx, batch, messages);
  const newest = messages.at(-1);
  if (newest !== undefined) ctx.metrics.setConsumerLag(consumer, newest.info.pending);
}
