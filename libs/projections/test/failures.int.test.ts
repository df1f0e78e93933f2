/**
 * The projection never stalls: an event that does not parse is dead-lettered and skipped, an
 * event that keeps failing to apply is dead-lettered after its attempts, a gap between the
 * checkpoints and the delivery is filled from the stream, and two projector instances on one
 * durable still produce exactly the rebuilt rows.
 */
import { randomUUID } from 'node:crypto';
import { DeadLetterRecord } from '@konstruct/bus';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import {
  allProjections,
  defineProjection,
  type ProjectorOptions,
  readCheckpoints,
  rebuildProjections,
  waitForProjection,
} from '../src/index.ts';
import { createProjectorHarness, type ProjectorHarness } from './projector-harness.ts';
import * as ev from './test-events.ts';

let h: ProjectorHarness;
/** A projection that cannot apply one particular event: a stand-in for a projection bug. */
const poisoned = defineProjection({
  name: 'test-poisoned',
  eventTypes: ['tenant.updated'],
  tables: [],
  async apply(_trx, event) {
    if (event.data.name === 'Poison') throw new Error('cannot digest this event');
  },
});
const start = (options: Partial<ProjectorOptions> = {}) =>
  h.start({
    projections: [...allProjections, poisoned],
    maxAttempts: 2,
    retryBackoffMs: [10],
    ...options,
  });
const tenantA = randomUUID();
const tenantB = randomUUID();

async function deadLetterOf(tenantId: string | undefined) {
  const jsm = await jetstreamManager(h.bus.nc);
  const stored = await jsm.streams.getMessage(h.bus.subjects.streams.deadLetters, {
    last_by_subj: h.bus.subjects.deadLetter('projector', tenantId),
  });
  return stored === null ? null : DeadLetterRecord.parse(stored.json());
}

beforeAll(async () => {
  h = await createProjectorHarness();
  await start();
  await waitForProjection(
    h.database.appDb,
    await h.publish([ev.tenantCreated(tenantA, '2026-08-01T09:00:00Z')]),
  );
});

afterAll(async () => {
  await h?.cleanup();
});

describe('events the projector gives up on', () => {
  test('an invalid event on the stream is dead-lettered and the projection moves past it', async () => {
    const conversation = randomUUID();
    const subject = `${h.bus.subjects.namespace}.events.${tenantA}.conversation.${conversation}.message.received`;
    const ack = await jetstream(h.bus.nc).publish(
      subject,
      JSON.stringify({ type: 'message.received', tenantId: tenantA }),
    );
    const after = await h.publish([
      ev.tenantUpdated(tenantA, '2026-08-01T09:01:00Z', { name: 'Still moving' }),
    ]);
    await waitForProjection(h.database.appDb, after);
    expect((await h.snapshot([tenantA])).tenants).toMatchObject([{ name: 'Still moving' }]);
    expect(await deadLetterOf(tenantA)).toMatchObject({
      consumer: 'projector',
      streamSequence: ack.seq,
      code: 'InvalidEnvelope',
      subject,
    });
  });

  test('an event one projection keeps failing on is dead-lettered after its attempts; the rest goes on', async () => {
    const poison = ev.tenantUpdated(tenantA, '2026-08-01T09:02:00Z', { name: 'Poison' });
    const after = await h.publish([poison, ev.tenantCreated(tenantB, '2026-08-01T09:03:00Z')]);
    await waitForProjection(h.database.appDb, after, { timeoutMs: 10_000 });
    await vi.waitFor(
      async () => {
        const checkpoints = await readCheckpoints(h.database.appDb, ['test-poisoned']);
        expect(checkpoints.get('test-poisoned')).toBeGreaterThanOrEqual(after);
      },
      { timeout: 10_000, interval: 20 },
    );
    expect((await h.snapshot([tenantA])).tenants).toMatchObject([{ name: 'Poison', version: 3 }]);
    expect((await h.snapshot([tenantB])).tenants).toHaveLength(1);
    expect(await deadLetterOf(tenantA)).toMatchObject({
      code: 'GaveUp',
      eventId: poison.id,
      eventType: 'tenant.updated',
      reason: 'projection test-poisoned failed 2 times: cannot digest this event',
    });
  });

  test('an agent id projected under another tenant is never overwritten: the event is dead-lettered', async () => {
    const agent = randomUUID();
    await h.publish([ev.agentConfigured(tenantA, agent, '2026-08-01T09:04:00Z', 'Original')]);
    const hijack = ev.agentConfigured(tenantB, agent, '2026-08-01T09:05:00Z', 'Hijacker');
    const after = await h.publish([
      hijack,
      ev.agentDeactivated(tenantB, agent, '2026-08-01T09:06:00Z'),
    ]);
    await waitForProjection(h.database.appDb, after, { timeoutMs: 10_000 });
    expect((await h.snapshot([tenantA])).agents).toMatchObject([
      { agent_id: agent, name: 'Original', active: true, version: 1 },
    ]);
    expect((await h.snapshot([tenantB])).agents).toEqual([]);
    // The app role's RLS refuses the foreign row: the event is dead-lettered for an operator.
    expect(await deadLetterOf(tenantB)).toMatchObject({
      code: 'GaveUp',
      eventId: hijack.id,
      reason: expect.stringMatching(/projection agents failed 2 times: .*row-level security/),
    });
  });
});

describe('gaps and competing instances', () => {
  test('a checkpoint behind the delivery is filled from the stream before going on', async () => {
    await waitForProjection(h.database.appDb, await h.publish(ev.mixedEvents([tenantA], 30)));
    const before = await h.snapshot([tenantA]);
    await sql`truncate usage_daily`.execute(h.database.ownerDb);
    await sql`update projection_checkpoints set last_sequence = 0 where projection = 'usage'`.execute(
      h.database.ownerDb,
    );
    const time = '2026-09-09T09:00:00Z';
    const extra = ev.usageRecorded(tenantA, randomUUID(), time, { input: 1, output: 1, cost: 1 });
    await waitForProjection(h.database.appDb, await h.publish([extra]));
    const after = await h.snapshot([tenantA]);
    expect(after.usage_daily).toHaveLength(before.usage_daily.length + 1);
    expect(after.usage_daily).toEqual(expect.arrayContaining(before.usage_daily));
  });

  test('two projector instances on one durable produce exactly the rebuilt rows', async () => {
    await start({ batchSize: 7 });
    await start({ batchSize: 13 });
    let last = 0;
    for (let round = 0; round < 5; round++) {
      last = await h.publish(ev.mixedEvents([tenantA, tenantB], 80, Date.UTC(2026, 9, 1 + round)));
    }
    await waitForProjection(h.database.appDb, last, { timeoutMs: 15_000 });
    const live = await h.snapshot([tenantA, tenantB]);
    await rebuildProjections({ db: h.database.ownerDb, nc: h.bus.nc, subjects: h.bus.subjects });
    expect(await h.snapshot([tenantA, tenantB])).toEqual(live);
  });
});
