/**
 * Applying a batch until it sticks, without ever leaving stream order: a failed transaction is
 * retried in place with back-off (the batch's messages stay held, not nak'd, so no newer batch
 * can overtake it). The first attempt is the fast path; retries go `careful` to name the event at
 * fault. An event that fails `maxAttempts` times through its own fault (`isEventFault`) is
 * dead-lettered and skipped so the projection never stalls; while the database is away or
 * broken (a dropped table, a missing grant) nothing is counted against an event, the batch waits. Failure counts are per process (a restart starts them over).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import {
  type ApplyBatchDeps,
  applyBatch,
  type BatchOutcome,
  type RangeBatch,
  RetryableFailures,
} from './apply-batch.ts';
import type { ApplyFailure } from './apply-plan.ts';
import type { ProjectorDeadLetters } from './projector-dead-letters.ts';

export const DEFAULT_RETRY_BACKOFF_MS: readonly number[] = [200, 1_000, 5_000, 15_000, 30_000];

export interface BatchRetryDeps extends ApplyBatchDeps {
  readonly logger: Logger;
  /** Failures of one event (on a working connection) before it is dead-lettered. */
  readonly maxAttempts: number;
  readonly backoffMs: readonly number[];
  /** Stream position → failures so far; shared across batches of one process. */
  readonly attempts: Map<number, number>;
  readonly deadLetters: ProjectorDeadLetters;
  /** Aborting it ends the wait between attempts (the batch is then left unapplied). */
  readonly signal: AbortSignal;
  readonly onGaveUp?: (failure: ApplyFailure) => void;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Is a failure the event's own fault (so retrying cannot help and, after `maxAttempts`, it is
 * dead-lettered)? Only errors the event's data causes: Postgres data exceptions (class 22),
 * integrity violations (class 23), a row-level-security refusal (an event writing another
 * tenant's row), and errors raised by our own mapping code (not from Postgres). Anything else —
 * a missing table, a permission, a lock timeout, a full disk — is the database's state: the
 * batch waits and retries forever, loudly, and no event is lost.
 */
export function isEventFault(error: unknown): boolean {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (!/^[0-9A-Z]{5}$/.test(code)) return true;
  if (code.startsWith('22') || code.startsWith('23')) return true;
  return code === '42501' && /row-level security/i.test(describe(error));
}

export function retryDelay(backoffMs: readonly number[], attempt: number): number {
  return backoffMs[Math.min(attempt, backoffMs.length) - 1] ?? 1_000;
}

function giveUpRules(deps: BatchRetryDeps) {
  const failuresOf = (failure: ApplyFailure) =>
    (deps.attempts.get(failure.entry.sequence) ?? 0) + 1;
  return {
    giveUp: (failure: ApplyFailure) =>
      isEventFault(failure.error) && failuresOf(failure) >= deps.maxAttempts,
    onGiveUp: async (failure: ApplyFailure) => {
      const { event, sequence } = failure.entry;
      const count = failuresOf(failure);
      await deps.deadLetters.fileSequence(sequence, count, {
        code: 'GaveUp',
        reason: `projection ${failure.projection} failed ${count} times: ${describe(failure.error)}`,
        tenantId: event.tenantId,
        eventId: event.id,
        eventType: event.type,
      });
      deps.logger.error(
        { err: failure.error, streamSequence: sequence, eventId: event.id, eventType: event.type },
        `projection ${failure.projection} gave up on an event; it is dead-lettered and skipped`,
      );
      deps.onGaveUp?.(failure);
    },
  };
}

/** Applies `batch`; throws only when `signal` aborts between attempts. */
export async function applyWithRetry(
  deps: BatchRetryDeps,
  batch: RangeBatch,
): Promise<BatchOutcome> {
  const rules = giveUpRules(deps);
  for (let attempt = 0; ; attempt++) {
    try {
      const outcome = await applyBatch(deps, batch, {
        mode: attempt === 0 ? 'fast' : 'careful',
        ...rules,
      });
      for (const sequence of deps.attempts.keys()) {
        if (sequence <= batch.to) deps.attempts.delete(sequence);
      }
      return outcome;
    } catch (error) {
      if (error instanceof RetryableFailures) {
        for (const { entry } of error.failures) {
          deps.attempts.set(entry.sequence, (deps.attempts.get(entry.sequence) ?? 0) + 1);
        }
      }
      const retryInMs = retryDelay(deps.backoffMs, attempt + 1);
      deps.logger.warn(
        { err: error, from: batch.from, to: batch.to, attempt: attempt + 1, retryInMs },
        'projection batch failed; will retry',
      );
      await sleep(retryInMs, undefined, { signal: deps.signal });
    }
  }
}
