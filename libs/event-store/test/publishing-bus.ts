/**
 * A namespace of its own with the events stream and a publisher, created before a test file's
 * tests and deleted after them.
 */
import { createPublisher, type Publisher, silentLogger } from '@konstruct/bus';
import type { KonstructEvent } from '@konstruct/schemas';
import { createTestBus, type TestBus } from '@konstruct/testing';
import { afterAll, beforeAll } from 'vitest';

export interface PublishingBus {
  readonly bus: TestBus;
  readonly publisher: Publisher<KonstructEvent>;
}

export function publishingBus(): PublishingBus {
  let current: PublishingBus | undefined;
  beforeAll(async () => {
    const bus = await createTestBus();
    current = {
      bus,
      publisher: createPublisher({ nc: bus.nc, subjects: bus.subjects, logger: silentLogger() }),
    };
  });
  afterAll(async () => {
    await current?.bus.cleanup();
  });
  const ready = (): PublishingBus => {
    if (current === undefined) throw new Error('the test bus is created in beforeAll');
    return current;
  };
  return {
    get bus() {
      return ready().bus;
    },
    get publisher() {
      return ready().publisher;
    },
  };
}
