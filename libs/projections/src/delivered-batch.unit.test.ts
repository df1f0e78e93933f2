/**
 * Given delivered messages and where the projections stand, what is new, what is done, and
 * whether the new ones continue right after the checkpoint without a hole.
 */
import { randomUUID } from 'node:crypto';
import { createEvent, eventRegistry, subjectsFor, TenantCreated } from '@konstruct/schemas';
import { describe, expect, test } from 'vitest';
import { sortDelivered } from './delivered-batch.ts';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const subjects = subjectsFor('unit');
const valid = (seq: number) => {
  const event = createEvent(TenantCreated, { tenantId: randomUUID() }, { name: 'T', slug: 'tt' });
  return { seq, subject: subjects.of(TenantCreated, event), data: encode(event) };
};

describe('sortDelivered', () => {
  test('orders by position, sets aside repeats and what is at or below the floor', () => {
    const messages = [valid(12), valid(11), valid(9), valid(12)];
    const batch = sortDelivered(messages, 10, eventRegistry, subjects);
    expect(batch.fresh.map((item) => item.msg.seq)).toEqual([11, 12]);
    expect(batch.done.map((msg) => msg.seq)).toEqual([9, 12]);
    expect(batch).toMatchObject({ contiguous: true, last: 12 });
  });

  test('is not contiguous when it does not start right after the floor or has a hole', () => {
    expect(sortDelivered([valid(12)], 10, eventRegistry, subjects).contiguous).toBe(false);
    expect(sortDelivered([valid(11), valid(13)], 10, eventRegistry, subjects).contiguous).toBe(
      false,
    );
  });

  test('keeps an unparseable message in place with its reason', () => {
    const batch = sortDelivered(
      [{ seq: 1, subject: 'unit.events.x', data: encode({ nope: true }) }],
      0,
      eventRegistry,
      subjects,
    );
    expect(batch.fresh).toMatchObject([{ ok: false, failure: { code: 'InvalidEnvelope' } }]);
    expect(batch.contiguous).toBe(true);
  });

  test("refuses an event that sits on another tenant's subject", () => {
    const planted = valid(1);
    const other = valid(2);
    const batch = sortDelivered(
      [{ ...planted, subject: other.subject }],
      0,
      eventRegistry,
      subjects,
    );
    expect(batch.fresh).toMatchObject([{ ok: false, failure: { code: 'SubjectMismatch' } }]);
  });
});
