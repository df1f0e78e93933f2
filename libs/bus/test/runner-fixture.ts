/**
 * Starts consumer runners over a test bus with the test registry, and stops them all after the
 * test, so a failing assertion never leaves a runner pulling into the next test.
 */
import {
  type ConsumerRunner,
  type RetryPolicy,
  type RunConsumerOptions,
  runConsumer,
} from '@konstruct/bus';
import type { BusFixture } from './bus-fixture.ts';
import { type TestEvent, testRegistry } from './test-events.ts';

export const FAST_RETRY: RetryPolicy = { backoffMs: [20, 40], maxDeliver: 5 };

type RunnerOverrides = Partial<Omit<RunConsumerOptions<TestEvent>, 'handle'>> &
  Pick<RunConsumerOptions<TestEvent>, 'handle'>;

export function runnerPool(getBus: () => BusFixture) {
  const runners: ConsumerRunner[] = [];
  return {
    async start(consumer: string, overrides: RunnerOverrides): Promise<ConsumerRunner> {
      const bus = getBus();
      const runner = await runConsumer<TestEvent>({
        nc: bus.nc,
        subjects: bus.subjects,
        consumer,
        registry: testRegistry,
        concurrency: 4,
        retry: FAST_RETRY,
        logger: bus.logger,
        ...overrides,
      });
      runners.push(runner);
      return runner;
    },
    async stopAll(): Promise<void> {
      await Promise.all(runners.splice(0).map((runner) => runner.stop()));
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
