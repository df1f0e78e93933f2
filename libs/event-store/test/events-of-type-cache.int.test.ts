import { connectBus, silentLogger } from '@konstruct/bus';
import { AgentConfigured, createEvent, type KonstructEvent, newEventId } from '@konstruct/schemas';
import { serviceUrls } from '@konstruct/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { describe, expect, test } from 'vitest';
import {
  createEventsOfTypeCache,
  type EventsOfTypeCache,
  readEventsOfType,
  type StreamEntry,
} from '../src/index.ts';
import { publishingBus } from './publishing-bus.ts';

describe('events-of-type cache', () => {
  const t = publishingBus();

  /** An agent's configuration events: one literal subject per tenant and agent. */
  function agent(tenantId = newEventId(), agentId = newEventId()) {
    const query = (nc: NatsConnection = t.bus.nc) => ({
      nc,
      subjects: t.bus.subjects,
      definition: AgentConfigured,
      tenantId,
      about: { agentId },
    });
    return {
      query,
      configured: async (name: string) => {
        const event = createEvent(
          AgentConfigured,
          { tenantId },
          { agentId, name, role: 'Support' },
        );
        const ack = await t.publisher.publish(event);
        return { id: event.id, seq: ack.seq ?? 0 };
      },
    };
  }
  type Agent = ReturnType<typeof agent>;

  const idsOf = (entries: readonly StreamEntry<KonstructEvent>[]) =>
    entries.map((entry) => (entry.ok ? entry.event.id : `failure@${entry.sequence}`));

  async function readAll(cache: EventsOfTypeCache, of: Agent, nc?: NatsConnection) {
    const entries: StreamEntry<KonstructEvent>[] = [];
    for await (const entry of cache.read(of.query(nc))) entries.push(entry);
    return idsOf(entries);
  }

  async function fromStream(of: Agent) {
    const entries: StreamEntry<KonstructEvent>[] = [];
    for await (const entry of readEventsOfType(of.query())) entries.push(entry);
    return idsOf(entries);
  }

  async function deleteFromStream(seq: number) {
    const jsm = await jetstreamManager(t.bus.nc);
    await jsm.streams.deleteMessage(t.bus.subjects.streams.events, seq);
  }

  test('keeps what it read and asks the stream only for what came since', async () => {
    const cache = createEventsOfTypeCache();
    const mara = agent();
    const a = await mara.configured('A');
    const b = await mara.configured('B');

    expect(await readAll(cache, mara)).toEqual([a.id, b.id]);
    await deleteFromStream(b.seq); // gone from the stream, still remembered
    const c = await mara.configured('C');

    expect(await readAll(cache, mara)).toEqual([a.id, b.id, c.id]);
    expect(await fromStream(mara)).toEqual([a.id, c.id]);
    expect(cache.size).toBe(3);
  });

  test('a reader that stops early leaves the rest for the next one', async () => {
    const cache = createEventsOfTypeCache();
    const mara = agent();
    const ids = [];
    for (const name of ['A', 'B', 'C']) ids.push((await mara.configured(name)).id);

    for await (const entry of cache.read(mara.query())) {
      if (entry.ok && entry.event.id === ids[0]) break;
    }

    expect(await readAll(cache, mara)).toEqual(ids);
  });

  test('answers what it remembers without a request (here: on a closed connection)', async () => {
    const cache = createEventsOfTypeCache();
    const mara = agent();
    const a = await mara.configured('A');
    const b = await mara.configured('B');
    await readAll(cache, mara);
    const closed = await connectBus({
      servers: serviceUrls().natsUrl,
      name: 'closed',
      logger: silentLogger(),
    });
    await closed.close();

    const seen: string[] = [];
    for await (const entry of cache.read(mara.query(closed))) {
      if (entry.ok) seen.push(entry.event.id);
      if (entry.ok && entry.event.id === b.id) break;
    }

    expect(seen).toEqual([a.id, b.id]);
    await expect(readAll(cache, mara, closed)).rejects.toThrow();
  });

  test("keeps tenants apart: another tenant's agent of the same id is another subject", async () => {
    const cache = createEventsOfTypeCache();
    const agentId = newEventId();
    const mine = agent(newEventId(), agentId);
    const theirs = agent(newEventId(), agentId);
    const a = await mine.configured('Mine');
    const b = await theirs.configured('Theirs');

    expect(await readAll(cache, mine)).toEqual([a.id]);
    expect(await readAll(cache, theirs)).toEqual([b.id]);
  });

  test('concurrent readers of one subject each get every event once, and it is kept once', async () => {
    const cache = createEventsOfTypeCache();
    const mara = agent();
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await mara.configured(`v${i}`)).id);

    const [first, second, third] = await Promise.all([
      readAll(cache, mara),
      readAll(cache, mara),
      readAll(cache, mara),
    ]);

    expect(first).toEqual(ids);
    expect(second).toEqual(ids);
    expect(third).toEqual(ids);
    expect(cache.size).toBe(30);
  });

  test('drops the least recently read subjects past its size, and reads them afresh', async () => {
    const cache = createEventsOfTypeCache({ maxEntries: 3 });
    const [x, y] = [agent(), agent()];
    const x1 = await x.configured('x1');
    const x2 = await x.configured('x2');
    const y1 = await y.configured('y1');
    const y2 = await y.configured('y2');
    await readAll(cache, x);
    await readAll(cache, y);

    expect(cache.size).toBe(2);
    await deleteFromStream(x2.seq);
    await deleteFromStream(y2.seq);
    expect(await readAll(cache, y)).toEqual([y1.id, y2.id]); // still kept
    expect(await readAll(cache, x)).toEqual([x1.id]); // dropped, read afresh
  });

  test('drops whole subjects past its byte bound too, and counts what it keeps', async () => {
    const [x, y] = [agent(), agent()];
    for (let i = 0; i < 5; i++) {
      await x.configured(`x${i}`);
      await y.configured(`y${i}`);
    }
    const unbounded = createEventsOfTypeCache();
    await readAll(unbounded, x);
    const oneSubject = unbounded.bytes;
    expect(oneSubject).toBeGreaterThan(5 * 100);
    const cache = createEventsOfTypeCache({ maxBytes: oneSubject + 100 });

    await readAll(cache, x);
    await readAll(cache, y);

    expect(cache.size).toBe(5); // x was dropped whole for y
    expect(cache.bytes).toBeLessThanOrEqual(oneSubject + 100);
  });

  test('reads a subject afresh once its events are older than the age limit', async () => {
    let clock = 0;
    const cache = createEventsOfTypeCache({ maxAgeMs: 1_000, now: () => clock });
    const mara = agent();
    const a = await mara.configured('A');
    const b = await mara.configured('B');
    await readAll(cache, mara);
    await deleteFromStream(b.seq);

    clock = 1_000;
    expect(await readAll(cache, mara)).toEqual([a.id, b.id]);
    clock = 1_001;
    expect(await readAll(cache, mara)).toEqual([a.id]);
  });
});
