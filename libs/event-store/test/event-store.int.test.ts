import { createPublisher, type Publisher, silentLogger } from '@konstruct/bus';
import {
  AgentConfigured,
  AgentDeactivated,
  createEvent,
  eventRegistry,
  type KonstructEvent,
  newEventId,
} from '@konstruct/schemas';
import { createTestBus, type TestBus } from '@konstruct/testing';
import type { KV } from '@nats-io/kv';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type AggregateStoreDeps,
  appendToAggregate,
  claimUnique,
  loadAggregate,
  openAdminBucket,
  readStream,
  releaseClaim,
  takeOverClaim,
} from '../src/index.ts';

describe('the aggregate store', () => {
  let bus: TestBus;
  let bucket: KV;
  let publisher: Publisher<KonstructEvent>;
  let deps: AggregateStoreDeps;

  beforeAll(async () => {
    bus = await createTestBus();
    bucket = await openAdminBucket(bus.nc, bus.subjects, 1);
    publisher = createPublisher({ nc: bus.nc, subjects: bus.subjects, logger: silentLogger() });
    deps = { nc: bus.nc, subjects: bus.subjects, registry: eventRegistry, publisher, bucket };
  });
  afterAll(async () => {
    await bucket.destroy();
    await bus.cleanup();
  });

  const newAgent = () => {
    const tenantId = newEventId();
    const agentId = newEventId();
    return { tenantId, agentId, entity: { entity: 'agent' as const, id: agentId } };
  };
  const configured = (tenantId: string, agentId: string, name = 'Mara') =>
    createEvent(AgentConfigured, { tenantId }, { agentId, name, role: 'Support' });

  test('a new aggregate is empty at version 0; appended events come back in order', async () => {
    const { tenantId, agentId, entity } = newAgent();
    const empty = await loadAggregate(deps, tenantId, entity);
    expect(empty).toMatchObject({ version: 0, revision: 0, lastSequence: 0, events: [] });

    const first = configured(tenantId, agentId);
    const second = createEvent(AgentDeactivated, { tenantId }, { agentId });
    const appended = await appendToAggregate(deps, empty, [first, second]);
    expect(appended.version).toBe(2);

    const loaded = await loadAggregate(deps, tenantId, entity);
    expect(loaded.events.map((event) => event.id)).toEqual([first.id, second.id]);
    expect(loaded.version).toBe(2);
    expect(loaded.lastSequence).toBe(appended.lastSequence);
  });

  test('of two writers that loaded the same version, the second gets StaleWrite', async () => {
    const { tenantId, agentId, entity } = newAgent();
    await appendToAggregate(deps, await loadAggregate(deps, tenantId, entity), [
      configured(tenantId, agentId),
    ]);
    const [a, b] = await Promise.all([
      loadAggregate(deps, tenantId, entity),
      loadAggregate(deps, tenantId, entity),
    ]);
    if (a === undefined || b === undefined) throw new Error('not loaded');
    await appendToAggregate(deps, a, [configured(tenantId, agentId, 'Alex')]);
    await expect(
      appendToAggregate(deps, b, [configured(tenantId, agentId, 'Sam')]),
    ).rejects.toMatchObject({ code: 'StaleWrite' });
    const final = await loadAggregate(deps, tenantId, entity);
    expect(final.events.map((event) => (event.data as { name: string }).name)).toEqual([
      'Mara',
      'Alex',
    ]);
  });

  test('events a crashed writer registered but never published are published by the next load, once', async () => {
    const { tenantId, agentId, entity } = newAgent();
    const lost = configured(tenantId, agentId);
    await bucket.create(
      bus.subjects.aggregateKey(tenantId, entity),
      JSON.stringify({ version: 1, pending: [lost] }),
    );
    const recovered = await loadAggregate(deps, tenantId, entity);
    expect(recovered.events.map((event) => event.id)).toEqual([lost.id]);
    expect(recovered.lastSequence).toBeGreaterThan(0);
    const again = await loadAggregate(deps, tenantId, entity);
    expect(again.events.map((event) => event.id)).toEqual([lost.id]);
  });

  test('readStream ends at the end, or starts from a sequence', async () => {
    const { tenantId, agentId, entity } = newAgent();
    const loaded = await loadAggregate(deps, tenantId, entity);
    const events = [configured(tenantId, agentId), configured(tenantId, agentId, 'Noah')];
    await appendToAggregate(deps, loaded, events);
    const read = async (start?: { kind: 'sequence'; sequence: number }) => {
      const seen: number[] = [];
      for await (const entry of readStream({
        nc: bus.nc,
        stream: bus.subjects.streams.events,
        filter: bus.subjects.entityEvents(tenantId, entity),
        registry: eventRegistry,
        subjects: bus.subjects,
        ...(start === undefined ? {} : { start }),
      })) {
        seen.push(entry.sequence);
      }
      return seen;
    };
    const all = await read();
    expect(all).toHaveLength(2);
    expect(await read({ kind: 'sequence', sequence: all[1] ?? 0 })).toEqual([all[1]]);
  });
});

describe('uniqueness claims', () => {
  let bus: TestBus;
  let bucket: KV;
  beforeAll(async () => {
    bus = await createTestBus({ streams: false });
    bucket = await openAdminBucket(bus.nc, bus.subjects, 1);
  });
  afterAll(async () => {
    await bucket.destroy();
    await bus.cleanup();
  });

  test('one holder at a time; re-claiming is idempotent; only the holder releases', async () => {
    const acme = { tenantId: newEventId(), entity: 'tenant', id: 'acme' };
    const other = { tenantId: newEventId(), entity: 'tenant', id: 'other' };
    const slug = `acme-${newEventId().slice(-6)}`;
    expect(await claimUnique(bucket, bus.subjects, 'tenant-slug', slug, acme)).toEqual({
      ok: true,
    });
    expect(await claimUnique(bucket, bus.subjects, 'tenant-slug', slug, acme)).toEqual({
      ok: true,
    });
    const refused = await claimUnique(bucket, bus.subjects, 'tenant-slug', slug, other);
    expect(refused).toMatchObject({ ok: false, heldBy: acme });

    await releaseClaim(bucket, bus.subjects, 'tenant-slug', slug, other);
    expect(await claimUnique(bucket, bus.subjects, 'tenant-slug', slug, other)).toMatchObject({
      ok: false,
    });
    await releaseClaim(bucket, bus.subjects, 'tenant-slug', slug, acme);
    expect(await claimUnique(bucket, bus.subjects, 'tenant-slug', slug, other)).toEqual({
      ok: true,
    });
  });

  test('concurrent claims of one value: exactly one wins', async () => {
    const value = `T${newEventId().slice(-8).toUpperCase()}`;
    const holders = Array.from({ length: 8 }, (_, i) => ({
      tenantId: newEventId(),
      entity: 'connection',
      id: `c${i}`,
    }));
    const results = await Promise.all(
      holders.map((holder) => claimUnique(bucket, bus.subjects, 'slack-team', value, holder)),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  test('a stale claim can be taken over only at the revision that was seen', async () => {
    const value = `stale-${newEventId().slice(-6)}`;
    const crashed = { tenantId: newEventId(), entity: 'tenant', id: 'crashed' };
    const next = { tenantId: newEventId(), entity: 'tenant', id: 'next' };
    await claimUnique(bucket, bus.subjects, 'tenant-slug', value, crashed);
    const refused = await claimUnique(bucket, bus.subjects, 'tenant-slug', value, next);
    if (refused.ok) throw new Error('expected a refusal');
    expect(
      await takeOverClaim(bucket, bus.subjects, 'tenant-slug', value, next, refused.revision + 1),
    ).toBe(false);
    expect(
      await takeOverClaim(bucket, bus.subjects, 'tenant-slug', value, next, refused.revision),
    ).toBe(true);
    expect(await claimUnique(bucket, bus.subjects, 'tenant-slug', value, next)).toEqual({
      ok: true,
    });
  });
});
