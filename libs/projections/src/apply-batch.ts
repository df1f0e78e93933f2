/**
 * One batch of the live loop as ONE Postgres transaction: take the namespace's advisory lock,
 * read the checkpoints, apply what each projection has not applied yet, and move every
 * checkpoint to the end of the batch — all or nothing. A batch covers a range of stream
 * positions completely (`from` exclusive, `to` inclusive; refused events are in the range but not
 * in `entries`). When the checkpoints stand below the range, the positions in between are not
 * applied yet (a crash, a redelivery overtaken by newer messages, a second instance): the batch
 * reports the gap instead of skipping over it, and the caller fills it from the stream first.
 */
import type { Database, Kysely } from '@konstruct/db';
import { type ApplyFailure, type ApplyMode, applyPlan } from './apply-plan.ts';
import { planBatch } from './batch-plan.ts';
import { checkpointFloor, readCheckpoints, writeCheckpoints } from './checkpoints.ts';
import type { ProjectedEvent, Projection } from './projection.ts';
import { lockProjections } from './projection-lock.ts';

export interface RangeBatch {
  /** The last position before the batch (exclusive). */
  readonly from: number;
  /** The batch's last position (inclusive). */
  readonly to: number;
  /** The valid events of the range, in stream order. */
  readonly entries: readonly ProjectedEvent[];
}

export interface ApplyBatchDeps {
  readonly db: Kysely<Database>;
  readonly namespace: string;
  readonly projections: readonly Projection[];
}

export interface ApplyBatchOptions {
  readonly mode: ApplyMode;
  /** Decides, for events that failed in `careful` mode, whether to give up on them now. */
  readonly giveUp: (failure: ApplyFailure) => boolean;
  /** Files a given-up event (a dead letter) before the transaction commits. */
  readonly onGiveUp: (failure: ApplyFailure) => Promise<void>;
}

export type BatchOutcome =
  | { readonly kind: 'applied'; readonly applied: number; readonly gaveUp: readonly ApplyFailure[] }
  | { readonly kind: 'gap'; readonly floor: number };

/** Events failed that are not given up yet: the transaction rolls back and the batch is retried. */
export class RetryableFailures extends Error {
  override readonly name = 'RetryableFailures';
  readonly failures: readonly ApplyFailure[];

  constructor(failures: readonly ApplyFailure[]) {
    const first = failures[0];
    const reason = first?.error instanceof Error ? first.error.message : String(first?.error);
    super(
      `${failures.length} event(s) failed, first at stream sequence ${first?.entry.sequence} ` +
        `(${first?.projection}): ${reason}`,
    );
    this.failures = failures;
  }
}

export async function applyBatch(
  deps: ApplyBatchDeps,
  batch: RangeBatch,
  options: ApplyBatchOptions,
): Promise<BatchOutcome> {
  const names = deps.projections.map((p) => p.name);
  return deps.db.transaction().execute(async (trx): Promise<BatchOutcome> => {
    await lockProjections(trx, deps.namespace);
    const checkpoints = await readCheckpoints(trx, names);
    const floor = checkpointFloor(checkpoints);
    if (floor < batch.from) return { kind: 'gap', floor };
    if (floor >= batch.to) return { kind: 'applied', applied: 0, gaveUp: [] };
    const plan = planBatch(batch.entries, deps.projections, checkpoints);
    const failures = await applyPlan(trx, plan, options.mode);
    const retryable = failures.filter((failure) => !options.giveUp(failure));
    if (retryable.length > 0) throw new RetryableFailures(retryable);
    for (const failure of failures) await options.onGiveUp(failure);
    await writeCheckpoints(trx, names, batch.to, 'advance');
    const applied = batch.entries.filter((entry) => entry.sequence > floor).length;
    return { kind: 'applied', applied, gaveUp: failures };
  });
}
