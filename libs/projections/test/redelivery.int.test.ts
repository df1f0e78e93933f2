/**
 * Exactly-once effect: a redelivered or replayed event changes nothing — the checkpoint guards
 * every projection, so usage is never added twice and versions never count an event twice.
 */
import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { applyBatch } from '../src/apply-batch.ts';
import {
  allProjections,
  type RunningProjector,
  readCheckpoints,
  waitForProjection,
} from '../src/index.ts';
import {
  createProjectorHarness,
  type ProjectorHarness,
  type Snapshot,
} from './projector-harness.ts';
import * as ev from './test-events.ts';

let h: ProjectorHarness;
let live: RunningProjector;
const tenant = randomUUID();
const agent = randomUUID();
let lastSequence: number;
let before: Snapshot;
const names = allProjections.map((p) => p.name);

async function consumerDrained(h: ProjectorHarness, sequence: number): Promise<void> {
  const jsm = await jetstreamManager(h.bus.nc);
  const durable = h.bus.subjects.durable('projector');
  for (let tries = 0; tries < 200; tries++) {
    const info = await jsm.consumers.info(h.bus.subjects.streams.events, durable);
    if (info.ack_floor.stream_seq >= sequence && info.num_ack_pending === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the projector did not acknowledge every redelivered message');
}

beforeAll(async () => {
  h = await createProjectorHarness();
  live = await h.start();
  const question = ev.webMessage(tenant, randomUUID(), agent, randomUUID(), '2026-04-01T10:00:00Z');
  lastSequence = await h.publish([
    ev.tenantCreated(tenant, '2026-04-01T09:00:00Z'),
    ev.agentConfigured(tenant, agent, '2026-04-01T09:01:00Z'),
    question,
    ev.replyCompleted(question, agent, '2026-04-01T10:00:01Z'),
    ev.usageRecorded(tenant, agent, '2026-04-01T10:00:01Z', { input: 100, output: 50, cost: 900 }),
    ev.usageRecorded(tenant, agent, '2026-04-01T10:00:02Z', { input: 1, output: 1, cost: 1 }),
  ]);
  await waitForProjection(h.database.appDb, lastSequence);
  before = await h.snapshot([tenant]);
});

afterAll(async () => {
  await h?.cleanup();
});

describe('redelivery and replay', () => {
  test('every message is delivered again (consumer recreated) and nothing changes', async () => {
    const jsm = await jetstreamManager(h.bus.nc);
    await live.stop();
    await jsm.consumers.delete(h.bus.subjects.streams.events, h.bus.subjects.durable('projector'));
    await h.start();
    await consumerDrained(h, lastSequence);
    expect(await h.snapshot([tenant])).toEqual(before);
    expect(before.usage_daily).toMatchObject([
      { calls: 2n, input_tokens: 101n, cost_micro_usd: 901n },
    ]);
    const checkpoints = await readCheckpoints(h.database.appDb, names);
    expect([...checkpoints.values()]).toEqual(names.map(() => lastSequence));
  });

  test('applying the same batch again is a no-op: usage is not doubled, versions not bumped', async () => {
    const outcome = await applyBatch(
      { db: h.database.appDb, namespace: h.bus.subjects.namespace, projections: allProjections },
      {
        from: lastSequence - 2,
        to: lastSequence,
        entries: [
          {
            event: ev.usageRecorded(tenant, agent, '2026-04-01T10:00:01Z', {
              input: 5,
              output: 5,
              cost: 5,
            }),
            sequence: lastSequence,
          },
        ],
      },
      { mode: 'fast', giveUp: () => false, onGiveUp: async () => {} },
    );
    expect(outcome).toEqual({ kind: 'applied', applied: 0, gaveUp: [] });
    expect(await h.snapshot([tenant])).toEqual(before);
  });

  test('a batch that starts beyond the checkpoints is refused as a gap, not skipped over', async () => {
    const outcome = await applyBatch(
      { db: h.database.appDb, namespace: h.bus.subjects.namespace, projections: allProjections },
      { from: lastSequence + 5, to: lastSequence + 6, entries: [] },
      { mode: 'fast', giveUp: () => false, onGiveUp: async () => {} },
    );
    expect(outcome).toEqual({ kind: 'gap', floor: lastSequence });
  });
});
