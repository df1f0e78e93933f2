/**
 * Adapts the process's Prometheus instruments (`@konstruct/observability`) to the bus's metrics
 * port, so every publisher and consumer runner a service creates reports
 * `konstruct_events_*`, `konstruct_handler_duration_seconds`, `konstruct_publish_duration_seconds`
 * and `konstruct_consumer_lag` without the bus knowing prom-client.
 */
import type { BusMetrics } from '@konstruct/bus';
import type { Metrics } from '@konstruct/observability';

export function busMetricsFrom(metrics: Metrics): BusMetrics {
  return {
    published(type, seconds) {
      metrics.eventPublished(type);
      metrics.observePublishDuration(type, seconds);
    },
    consumed(consumer, type, outcome, seconds) {
      metrics.eventConsumed({ consumer, type, outcome });
      metrics.observeHandlerDuration({ consumer, type }, seconds);
    },
    deadLettered(consumer, type, reason) {
      metrics.eventDeadLettered({ consumer, type, reason });
    },
    lag(consumer, pending) {
      metrics.setConsumerLag(consumer, pending);
    },
  };
}
