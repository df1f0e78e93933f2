import { describe, expect, it } from 'vitest';
import {
  DeadLetterRecord,
  deadLetterMsgId,
  deadLetterRecord,
  deadLetterTenant,
} from './dead-letter.ts';

describe('dead-letter record', () => {
  const input = {
    consumer: 'router',
    stream: 'ns-events',
    streamSequence: 42,
    deliveryCount: 1,
    code: 'NotJson' as const,
    reason: 'payload is not JSON',
    subject: 'ns.events.t.conversation.c.message.received',
    headers: { 'Nats-Msg-Id': ['x'] },
    payload: new Uint8Array([0xff, 0x00]),
    eventId: undefined,
    eventType: undefined,
    now: new Date('2025-01-01T00:00:00.000Z'),
  };

  it('keeps the raw payload as base64 and validates against its own schema', () => {
    const record = deadLetterRecord(input);
    expect(record.payloadBase64).toBe('/wA=');
    expect(record.deadLetteredAt).toBe('2025-01-01T00:00:00.000Z');
    expect(DeadLetterRecord.parse(record)).toEqual(record);
    expect('eventId' in record).toBe(false);
  });

  it('has one message id per stream position and consumer', () => {
    const record = deadLetterRecord(input);
    expect(deadLetterMsgId(record)).toBe('dlq:ns-events:router:42');
    expect(deadLetterMsgId({ ...record, deliveryCount: 3 } as DeadLetterRecord)).toBe(
      deadLetterMsgId(record),
    );
  });

  it('files under a tenant only when the tenant id is a valid one', () => {
    expect(deadLetterTenant('0190a6f0-0000-7000-8000-000000000001')).toBe(
      '0190a6f0-0000-7000-8000-000000000001',
    );
    expect(deadLetterTenant('other-tenant')).toBeUndefined();
    expect(deadLetterTenant(undefined)).toBeUndefined();
  });
});
