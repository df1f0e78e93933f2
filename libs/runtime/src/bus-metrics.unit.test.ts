import { createMetrics } from '@konstruct/observability';
import { describe, expect, test } from 'vitest';
import { busMetricsFrom } from './bus-metrics.ts';

describe('the bus reports into the Prometheus registry', () => {
  test('published, consumed, dead-lettered and lag land in the platform series', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const bus = busMetricsFrom(metrics);
    bus.published('message.received', 0.002);
    bus.consumed('router', 'message.received', 'retry', 0.01);
    bus.deadLettered('router', 'message.received', 'GaveUp');
    bus.lag('router', 7);
    const text = await metrics.registry.metrics();
    expect(text).toContain('konstruct_events_published_total{type="message.received"} 1');
    expect(text).toMatch(
      /konstruct_events_consumed_total\{consumer="router",type="message.received",outcome="retry"\} 1/,
    );
    expect(text).toMatch(
      /konstruct_events_dead_lettered_total\{consumer="router",type="message.received",reason="GaveUp"\} 1/,
    );
    expect(text).toContain('konstruct_consumer_lag{consumer="router"} 7');
    expect(text).toMatch(
      /konstruct_handler_duration_seconds_count\{consumer="router",type="message.received"\} 1/,
    );
    expect(text).toMatch(/konstruct_publish_duration_seconds_count\{type="message.received"\} 1/);
  });
});
