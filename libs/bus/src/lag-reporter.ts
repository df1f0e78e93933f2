/**
 * Reports how far a consumer is behind (messages not yet delivered to it) every few seconds, so
 * a growing backlog shows on a dashboard before users notice. One request at a time; a failed
 * read is logged and retried on the next tick.
 */
import type { Consumer, ConsumerInfo } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import type { BusMetrics } from './metrics.ts';

export function startLagReporter(
  consumer: Consumer,
  initial: ConsumerInfo,
  name: string,
  metrics: BusMetrics,
  logger: Logger,
  intervalMs = 5_000,
): { stop(): void } {
  metrics.lag(name, initial.num_pending);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      const info = await consumer.info();
      if (!stopped) metrics.lag(name, info.num_pending);
    } catch (error) {
      logger.warn({ err: error }, 'reading consumer lag failed');
    }
    schedule();
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      tick().catch(() => {});
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
