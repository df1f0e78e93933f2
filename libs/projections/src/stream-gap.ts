/**
 * Fills a gap of the live loop: when the checkpoints stand below what the consumer delivered
 * (after a crash the unacknowledged messages come back only after their ack wait, while newer
 * ones arrive at once; a second instance took the batch before; a projection was added), the
 * missing positions are read from the stream itself and applied in order, batch by batch, before
 * the delivered ones. The checkpoint and the stream are the truth; the durable consumer only
 * says that there is something new.
 */
import type { EventRegistry, KonstructEvent, Subjects } from '@konstruct/schemas';
import type { NatsConnection } from '@nats-io/transport-node';
import type { BatchOutcome, RangeBatch } from './apply-batch.ts';
import type { ProjectorDeadLetters } from './projector-dead-letters.ts';
import { readStreamChunks } from './stream-chunks.ts';

export interface StreamGapDeps {
  readonly nc: NatsConnection;
  readonly subjects: Subjects;
  readonly registry: EventRegistry<KonstructEvent>;
  readonly batchSize: number;
  readonly deadLetters: ProjectorDeadLetters;
  readonly apply: (batch: RangeBatch) => Promise<BatchOutcome>;
  readonly onInvalid?: (type: string | undefined, code: string) => void;
}

export class CheckpointMovedBack extends Error {
  override readonly name = 'CheckpointMovedBack';
}

/** Applies every position after `from` up to `to` from the stream. */
export async function fillFromStream(deps: StreamGapDeps, from: number, to: number): Promise<void> {
  const chunks = readStreamChunks({
    nc: deps.nc,
    subjects: deps.subjects,
    registry: deps.registry,
    from,
    to,
    chunkSize: deps.batchSize,
  });
  for await (const chunk of chunks) {
    for (const { sequence, failure } of chunk.invalid) {
      await deps.deadLetters.fileSequence(sequence, 1, {
        code: failure.code,
        reason: failure.reason,
        tenantId: failure.partial.tenantId,
        eventId: failure.partial.id,
        eventType: failure.partial.type,
      });
      deps.onInvalid?.(failure.partial.type, failure.code);
    }
    const outcome = await deps.apply(chunk);
    if (outcome.kind === 'gap') {
      throw new CheckpointMovedBack(
        `checkpoints moved back to ${outcome.floor} while filling from ${chunk.from}; starting over`,
      );
    }
  }
}
