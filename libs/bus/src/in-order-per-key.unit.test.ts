import { describe, expect, test } from 'vitest';
import type { HandlerContext } from './handler-context.ts';
import { type HandlerOutcome, Outcome } from './handler-outcome.ts';
import { inOrderPerKey } from './in-order-per-key.ts';
import { silentLogger } from './silent-logger.ts';

interface Job {
  readonly key: string | undefined;
  readonly name: string;
  /** How long its handling takes. */
  readonly ms: number;
  readonly fails?: boolean;
}

const ctx: HandlerContext = {
  streamSequence: 1,
  deliveryCount: 1,
  subject: 'test',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  logger: silentLogger(),
  signal: new AbortController().signal,
};

function recorder() {
  const started: string[] = [];
  const finished: string[] = [];
  const handle = inOrderPerKey<Job>(
    (job) => job.key,
    async (job): Promise<HandlerOutcome> => {
      started.push(job.name);
      await new Promise((resolve) => setTimeout(resolve, job.ms));
      finished.push(job.name);
      if (job.fails === true) throw new Error(`${job.name} failed`);
      return Outcome.ack();
    },
  );
  const hand = (jobs: readonly Job[]) => jobs.map((job) => Promise.resolve(handle(job, ctx)));
  return { hand, started, finished };
}

function run(jobs: readonly Job[]) {
  const { hand, started, finished } = recorder();
  return { outcomes: hand(jobs), started, finished };
}

describe('inOrderPerKey', () => {
  test('events of one key are handled one after another, in the order handed over; other keys run at once', async () => {
    const { outcomes, started, finished } = run([
      { key: 'thread-1', name: 'a1', ms: 60 },
      { key: 'thread-1', name: 'a2', ms: 5 },
      { key: 'thread-2', name: 'b1', ms: 5 },
      { key: undefined, name: 'free', ms: 1 },
      { key: 'thread-1', name: 'a3', ms: 1 },
    ]);
    // a2 and a3 wait for a1; b1 and the unkeyed event do not
    expect(started).toEqual(['a1', 'b1', 'free']);
    await Promise.all(outcomes);
    expect(finished).toEqual(['free', 'b1', 'a1', 'a2', 'a3']);
  });

  test('a failed handling does not stop the next of its key, and its own caller still sees the failure', async () => {
    const { outcomes, finished } = run([
      { key: 'thread-1', name: 'a1', ms: 20, fails: true },
      { key: 'thread-1', name: 'a2', ms: 1 },
    ]);
    await expect(outcomes[0]).rejects.toThrow('a1 failed');
    expect(await outcomes[1]).toEqual(Outcome.ack());
    expect(finished).toEqual(['a1', 'a2']);
  });

  test('a key is forgotten once its last handling settled: the next event of it starts at once', async () => {
    const { hand, started } = recorder();
    await Promise.all(hand([{ key: 'thread-1', name: 'a1', ms: 5 }]));
    const later = hand([{ key: 'thread-1', name: 'a2', ms: 5 }]);
    expect(started).toEqual(['a1', 'a2']);
    await Promise.all(later);
  });
});
