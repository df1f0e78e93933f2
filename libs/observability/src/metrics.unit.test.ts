import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics.ts';

describe('createMetrics', () => {
  it('records every platform instrument under its label names', async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.eventPublished('message.received');
    metrics.eventConsumed({ consumer: 'router', type: 'message.received', outcome: 'ack' });
    metrics.eventDeadLettered({ consumer: 'agent', type: 'message.routed', reason: 'invalid' });
    metrics.observeHandlerDuration({ consumer: 'router', type: 'message.received' }, 0.2);
    metrics.observePublishDuration('message.received', 0.003);
    metrics.setConsumerLag('router', 7);
    const text = await metrics.registry.metrics();
    expect(text).toContain('konstruct_events_published_total{type="message.received"} 1');
    expect(text).toContain(
      'konstruct_events_consumed_total{consumer="router",type="message.received",outcome="ack"} 1',
    );
    expect(text).toContain(
      'konstruct_events_dead_lettered_total{consumer="agent",type="message.routed",reason="invalid"} 1',
    );
    expect(text).toContain(
      'konstruct_handler_duration_seconds_count{consumer="router",type="message.received"} 1',
    );
    expect(text).toContain('konstruct_publish_duration_seconds_sum{type="message.received"} 0.003');
    expect(text).toContain('konstruct_consumer_lag{consumer="router"} 7');
  });

  it('keeps each instance in its own registry, never the global one', async () => {
    const first = createMetrics();
    const second = createMetrics();
    first.eventPublished('a');
    expect(await second.registry.metrics()).not.toContain('konstruct_events_published_total{');
    expect(await globalRegistry.metrics()).not.toContain('konstruct_');
    expect(await first.registry.metrics()).toContain('process_cpu_user_seconds_total');
  });

  it('adds default labels to every series', async () => {
    const metrics = createMetrics({ processMetrics: false, defaultLabels: { service: 'router' } });
    metrics.setConsumerLag('router', 1);
    expect(await metrics.registry.metrics()).toContain(
      'konstruct_consumer_lag{consumer="router",service="router"} 1',
    );
  });

  it("counts a NATS connection's traffic from its start, growing with its totals at each scrape", async () => {
    const metrics = createMetrics({ processMetrics: false });
    let totals = { inMsgs: 3, outMsgs: 5, inBytes: 300, outBytes: 500 };
    metrics.reportNatsTraffic(() => totals);
    let text = await metrics.registry.metrics();
    expect(text).toContain('konstruct_nats_messages_total{direction="in"} 3');
    expect(text).toContain('konstruct_nats_messages_total{direction="out"} 5');
    expect(text).toContain('konstruct_nats_bytes_total{direction="out"} 500');
    totals = { inMsgs: 10, outMsgs: 6, inBytes: 1000, outBytes: 600 };
    text = await metrics.registry.metrics();
    expect(text).toContain('konstruct_nats_messages_total{direction="in"} 10');
    expect(text).toContain('konstruct_nats_messages_total{direction="out"} 6');
    expect(text).toContain('konstruct_nats_bytes_total{direction="in"} 1000');
    // a new connection counts on from what the old one reached
    totals = { inMsgs: 12, outMsgs: 6, inBytes: 1200, outBytes: 600 };
    const next = { inMsgs: 1, outMsgs: 2, inBytes: 100, outBytes: 200 };
    metrics.reportNatsTraffic(() => next);
    text = await metrics.registry.metrics();
    expect(text).toContain('konstruct_nats_messages_total{direction="in"} 13');
    expect(text).toContain('konstruct_nats_messages_total{direction="out"} 8');
    expect(text).toContain('konstruct_nats_bytes_total{direction="in"} 1300');
  });
});
