import {
  AgentConfigured,
  createEvent,
  eventRegistry,
  type KonstructEvent,
  newEventId,
} from '@konstruct/schemas';
import { jetstream } from '@nats-io/jetstream';
import { describe, expect, test } from 'vitest';
import {
  readLastOnSubject,
  readSubjectSlice,
  type StreamEntry,
  supportsBatchDirectGet,
} from '../src/index.ts';
import { publishingBus } from './publishing-bus.ts';

describe('readSubjectSlice (direct gets, no consumer)', () => {
  const t = publishingBus();

  const agentOf = (tenantId: string, agentId: string, name: string) =>
    createEvent(AgentConfigured, { tenantId }, { agentId, name, role: 'Support' });
  const agentFilter = (tenantId: string, agentId: string) =>
    t.bus.subjects.entityEvents(tenantId, { entity: 'agent', id: agentId });

  async function slice(filter: string, fromSequence?: number) {
    const entries: StreamEntry<KonstructEvent>[] = [];
    for await (const entry of readSubjectSlice({
      nc: t.bus.nc,
      stream: t.bus.subjects.streams.events,
      filter,
      registry: eventRegistry,
      subjects: t.bus.subjects,
      ...(fromSequence === undefined ? {} : { fromSequence }),
    })) {
      entries.push(entry);
    }
    return entries;
  }
  const idsOf = (entries: readonly StreamEntry<KonstructEvent>[]) =>
    entries.map((entry) => (entry.ok ? entry.event.id : `failure@${entry.sequence}`));

  test('returns every event of the subject in stream order, between other subjects’ events', async () => {
    const tenantId = newEventId();
    const agentId = newEventId();
    const other = newEventId();
    const mine = [agentOf(tenantId, agentId, 'Mara'), agentOf(tenantId, agentId, 'Noah')];
    const last = agentOf(tenantId, agentId, 'Iris');
    await t.publisher.publish(agentOf(tenantId, other, 'Before'));
    await t.publisher.publish(mine[0] as KonstructEvent);
    await t.publisher.publishMany(
      Array.from({ length: 20 }, (_, i) => agentOf(tenantId, other, `Between ${i}`)),
    );
    await t.publisher.publish(mine[1] as KonstructEvent);
    await t.publisher.publish(agentOf(tenantId, other, 'After'));

    const first = await slice(agentFilter(tenantId, agentId));
    await t.publisher.publish(last);
    const second = await slice(agentFilter(tenantId, agentId));

    expect(idsOf(first)).toEqual(mine.map((event) => event.id));
    expect(idsOf(second)).toEqual([...mine, last].map((event) => event.id));
    const sequences = second.map((entry) => entry.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(second.map((entry) => entry.subject)).size).toBe(1);
  });

  test('a wildcard filter spans subjects; a start sequence skips what lies before it', async () => {
    const tenantId = newEventId();
    const [a, b] = [newEventId(), newEventId()];
    const events = [
      agentOf(tenantId, a, 'A1'),
      agentOf(tenantId, b, 'B1'),
      agentOf(tenantId, a, 'A2'),
    ];
    for (const event of events) await t.publisher.publish(event);

    const all = await slice(t.bus.subjects.tenantEvents(tenantId));
    const fromSecond = await slice(t.bus.subjects.tenantEvents(tenantId), all[1]?.sequence);

    expect(idsOf(all)).toEqual(events.map((event) => event.id));
    expect(idsOf(fromSecond)).toEqual(events.slice(1).map((event) => event.id));
  });

  test('the filter isolates tenants, whatever the entity id', async () => {
    const [acme, globex] = [newEventId(), newEventId()];
    const agentId = newEventId();
    const acmes = agentOf(acme, agentId, 'Acme');
    await t.publisher.publish(acmes);
    await t.publisher.publish(agentOf(globex, agentId, 'Globex'));

    expect(idsOf(await slice(agentFilter(acme, agentId)))).toEqual([acmes.id]);
    expect(idsOf(await slice(t.bus.subjects.tenantEvents(acme)))).toEqual([acmes.id]);
  });

  test('an unparseable entry is returned as a failure with its reason, in its place', async () => {
    const tenantId = newEventId();
    const agentId = newEventId();
    const good = agentOf(tenantId, agentId, 'Mara');
    const stored = await t.publisher.publish(good);
    const [entry] = await slice(agentFilter(tenantId, agentId));
    const subject = entry?.subject ?? '';
    const bad = await jetstream(t.bus.nc).publish(subject, 'not json');
    const after = agentOf(tenantId, agentId, 'Noah');
    await t.publisher.publish(after);

    const entries = await slice(agentFilter(tenantId, agentId));

    expect(entries.map((e) => e.ok)).toEqual([true, false, true]);
    expect(entries[0]?.sequence).toBe(stored.seq);
    expect(entries[1]).toMatchObject({ ok: false, sequence: bad.seq, subject });
    expect(entries[1]?.ok === false && entries[1].failure.reason.length).toBeGreaterThan(0);
    expect(idsOf([entries[2] as StreamEntry<KonstructEvent>])).toEqual([after.id]);
  });

  test('a subject with no events gives nothing', async () => {
    expect(await slice(agentFilter(newEventId(), newEventId()))).toEqual([]);
    expect(await slice(t.bus.subjects.tenantEvents(newEventId()), 1_000_000)).toEqual([]);
  });

  test('readLastOnSubject gives the newest event of one subject, or nothing', async () => {
    const tenantId = newEventId();
    const agentId = newEventId();
    await t.publisher.publish(agentOf(tenantId, agentId, 'Mara'));
    const newest = agentOf(tenantId, agentId, 'Noah');
    await t.publisher.publish(newest);
    await t.publisher.publish(agentOf(tenantId, newEventId(), 'Other'));
    const [entry] = await slice(agentFilter(tenantId, agentId));
    const read = (filter: string) =>
      readLastOnSubject({
        nc: t.bus.nc,
        stream: t.bus.subjects.streams.events,
        filter,
        registry: eventRegistry,
        subjects: t.bus.subjects,
      });

    const last = await read(entry?.subject ?? '');

    expect(last?.ok && last.event.id).toBe(newest.id);
    expect(await read(`${entry?.subject ?? ''}-none`)).toBeUndefined();
  });

  test('batch direct gets are used only from nats-server 2.11', () => {
    expect(supportsBatchDirectGet('2.9.10')).toBe(false);
    expect(supportsBatchDirectGet('v2.10.22')).toBe(false);
    expect(supportsBatchDirectGet('2.11.0')).toBe(true);
    expect(supportsBatchDirectGet('3.0.1')).toBe(true);
    expect(supportsBatchDirectGet(undefined)).toBe(false);
  });
});
