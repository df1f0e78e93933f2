import type { RoutingFacts, RoutingFactsQuery } from '@konstruct/read-model';
import { AgentDeactivated, createEvent, newEventId } from '@konstruct/schemas';
import { createTestBus, eventually, type TestBus } from '@konstruct/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openRoutingFactsCache } from '../src/routing-facts-cache.ts';

describe('routing facts cache (real NATS): admin events and projection lag', () => {
  let bus: TestBus;
  beforeAll(async () => {
    bus = await createTestBus({ streams: false });
  });
  afterAll(async () => {
    await bus.cleanup();
  });

  const facts: RoutingFacts = {
    tenant: { status: 'active', rateLimitPerMinute: 30 },
    connection: undefined,
    namedAgent: undefined,
    defaultAgent: { agentId: newEventId(), active: true },
  };

  function counted(answer: () => RoutingFacts = () => facts) {
    const calls: RoutingFactsQuery[] = [];
    return {
      calls,
      read: async (query: RoutingFactsQuery) => {
        calls.push(query);
        return answer();
      },
    };
  }

  /** Publishes an admin event of `tenantId` on core NATS, as the stored event reaches subscribers. */
  async function adminEvent(tenantId: string) {
    const event = createEvent(AgentDeactivated, { tenantId }, { agentId: newEventId() });
    bus.nc.publish(bus.subjects.of(AgentDeactivated, event), JSON.stringify(event));
    await bus.nc.flush();
  }

  test('reads once, then from memory; another tenant’s reads are its own', async () => {
    const source = counted();
    const cache = openRoutingFactsCache(bus.nc, bus.subjects, source.read, {
      ttlMs: 60_000,
      settleMs: 200,
      maxEntries: 10,
    });
    const query = { tenantId: newEventId(), connectionId: null, agentId: null };
    await cache.read(query);
    await cache.read(query);
    await cache.read({ ...query, tenantId: newEventId() });
    expect(source.calls).toHaveLength(2);
    cache.close();
  });

  test('after an admin event the tenant is read from the read model until it settles, then cached again', async () => {
    const source = counted();
    const cache = openRoutingFactsCache(bus.nc, bus.subjects, source.read, {
      ttlMs: 60_000,
      settleMs: 2_000,
      maxEntries: 10,
    });
    const tenantId = newEventId();
    const query = { tenantId, connectionId: null, agentId: null };
    await cache.read(query);
    await bus.nc.flush(); // the subscriptions are in place
    await adminEvent(tenantId);
    await eventually(async () => {
      await cache.read(query);
      return source.calls.length >= 2 ? true : undefined;
    }, 'the event to drop the entry');
    const during = source.calls.length;
    await cache.read(query);
    await cache.read(query);
    expect(source.calls.length).toBe(during + 2); // not cached while the projection may lag
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await cache.read(query);
    await cache.read(query);
    expect(source.calls.length).toBe(during + 3); // settled: cached again
    cache.close();
  });

  test('a read that began before an admin event is not kept', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tenantId = newEventId();
    const source = counted();
    const slowRead = async (query: RoutingFactsQuery) => {
      const answer = await source.read(query);
      await gate;
      return answer;
    };
    const cache = openRoutingFactsCache(bus.nc, bus.subjects, slowRead, {
      ttlMs: 60_000,
      settleMs: 0,
      maxEntries: 10,
    });
    await bus.nc.flush();
    const query = { tenantId, connectionId: null, agentId: null };
    const pending = cache.read(query);
    await adminEvent(tenantId);
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await pending;
    await cache.read(query);
    expect(source.calls).toHaveLength(2);
    cache.close();
  });

  test('facts without the tenant (not projected yet) are not cached', async () => {
    const source = counted(() => ({ ...facts, tenant: undefined }));
    const cache = openRoutingFactsCache(bus.nc, bus.subjects, source.read, {
      ttlMs: 60_000,
      settleMs: 0,
      maxEntries: 10,
    });
    const query = { tenantId: newEventId(), connectionId: null, agentId: null };
    await cache.read(query);
    await cache.read(query);
    expect(source.calls).toHaveLength(2);
    cache.close();
  });
});
