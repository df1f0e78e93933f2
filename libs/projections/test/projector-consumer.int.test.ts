/**
 * The projector's consumer acknowledges all; one left by an earlier version (explicit acks) is
 * replaced at start without losing or skipping an event.
 */
import { randomUUID } from 'node:crypto';
import { ensureConsumer, silentLogger } from '@konstruct/bus';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { projectorConsumerDefinition, waitForProjection } from '../src/index.ts';
import { createProjectorHarness, type ProjectorHarness } from './projector-harness.ts';
import * as ev from './test-events.ts';

let h: ProjectorHarness;
beforeEach(async () => {
  h = await createProjectorHarness();
});
afterEach(async () => {
  await h?.cleanup();
});

async function acknowledgedThrough(sequence: number): Promise<void> {
  const jsm = await jetstreamManager(h.bus.nc);
  for (let tries = 0; tries < 200; tries++) {
    const info = await jsm.consumers.info(
      h.bus.subjects.streams.events,
      h.bus.subjects.durable('projector'),
    );
    if (info.ack_floor.stream_seq >= sequence && info.num_ack_pending === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the projector did not acknowledge through ${sequence}`);
}

describe('the projector consumer', () => {
  test('acknowledges whole batches: the consumer acks all, and every event ends acknowledged', async () => {
    const tenant = randomUUID();
    await h.start();
    const last = await h.publish([
      ev.tenantCreated(tenant, '2026-04-01T09:00:00Z'),
      ev.agentConfigured(tenant, randomUUID(), '2026-04-01T09:01:00Z'),
    ]);
    await waitForProjection(h.database.appDb, last);
    await acknowledgedThrough(last);
    const jsm = await jetstreamManager(h.bus.nc);
    const info = await jsm.consumers.info(
      h.bus.subjects.streams.events,
      h.bus.subjects.durable('projector'),
    );
    expect(info.config.ack_policy).toBe('all');
  });

  test("an earlier version's explicit-ack consumer is replaced where it had acknowledged everything", async () => {
    const tenant = randomUUID();
    const agent = randomUUID();
    const first = await h.publish([
      ev.tenantCreated(tenant, '2026-04-01T09:00:00Z'),
      ev.agentConfigured(tenant, agent, '2026-04-01T09:01:00Z'),
      ev.usageRecorded(tenant, agent, '2026-04-01T10:00:01Z', { input: 1, output: 1, cost: 1 }),
    ]);
    const { ackAll: _, ...explicit } = projectorConsumerDefinition(h.bus.subjects, 100);
    const stream = h.bus.subjects.streams.events;
    await ensureConsumer(await jetstreamManager(h.bus.nc), stream, explicit, {
      logger: silentLogger(),
      serverVersion: h.bus.nc.info?.version,
    });
    const old = await jetstream(h.bus.nc).consumers.get(stream, explicit.durable);
    for await (const message of await old.fetch({ max_messages: 2, expires: 2_000 })) {
      await message.ackAck();
    }

    await h.start();

    const jsm = await jetstreamManager(h.bus.nc);
    const info = await jsm.consumers.info(stream, explicit.durable);
    expect(info.config).toMatchObject({
      ack_policy: 'all',
      deliver_policy: 'by_start_sequence',
      opt_start_seq: first, // two acknowledged, the third next
    });
    const last = await h.publish([
      ev.usageRecorded(tenant, agent, '2026-04-01T10:00:02Z', { input: 2, output: 2, cost: 2 }),
    ]);
    await waitForProjection(h.database.appDb, last);
    await acknowledgedThrough(last);
    // nothing skipped: the events the old consumer had acknowledged were filled from the stream
    const snapshot = await h.snapshot([tenant]);
    expect(snapshot.usage_daily).toMatchObject([{ calls: 2n, input_tokens: 3n }]);
  });
});
