import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { deriveEventId, newEventId, stableId } from '../src/index.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('event ids', () => {
  test('new ids are UUIDv7 and sort by creation time', () => {
    const ids = Array.from({ length: 50 }, () => newEventId());
    for (const id of ids) expect(id).toMatch(UUID_V7);
    expect([...ids].sort()).toEqual(ids);
  });

  test('a derived id is the same for the same input and purpose, on any call', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (purpose) => {
        const input = newEventId();
        expect(deriveEventId(input, purpose)).toBe(deriveEventId(input, purpose));
      }),
    );
  });

  test('a derived id is a valid UUIDv7 carrying the input timestamp', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (purpose) => {
        const input = newEventId();
        const derived = deriveEventId(input, purpose);
        expect(derived).toMatch(UUID_V7);
        expect(derived.slice(0, 13)).toBe(input.slice(0, 13));
      }),
    );
  });

  test('the derivation never changes: stored ids must be derived again after an upgrade', () => {
    // a redelivery after an upgrade must derive the id the first delivery stored, or JetStream's
    // duplicate window lets a second reply through; the spec: SHA-256 of the input's hex digits,
    // NUL, the purpose; the input's 6 timestamp bytes, then the digest's first 10 bytes with the
    // version and variant bits set
    const spec = (inputId: string, purpose: string): string => {
      const inputHex = inputId.replaceAll('-', '').toLowerCase();
      const digest = createHash('sha256').update(`${inputHex}\u0000${purpose}`).digest();
      const bytes = Buffer.concat([
        Buffer.from(inputHex.slice(0, 12), 'hex'),
        digest.subarray(0, 10),
      ]);
      bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
      bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
      const hex = bytes.toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    };
    expect(deriveEventId('0195f0a0-0000-7000-8000-000000000001', 'agent.reply')).toBe(
      '0195f0a0-0000-767a-8ea3-99610c6b543c',
    );
    expect(deriveEventId('0195F0A0-1234-7abc-9def-0123456789ab', 'router')).toBe(
      '0195f0a0-1234-796c-935f-38c4dfd2f259',
    );
    fc.assert(
      fc.property(fc.uuid(), fc.string({ minLength: 1 }), (input, purpose) => {
        expect(deriveEventId(input, purpose)).toBe(spec(input, purpose));
      }),
      { numRuns: 500 },
    );
  });

  test('different purposes or inputs give different ids', () => {
    const input = newEventId();
    expect(deriveEventId(input, 'router')).not.toBe(deriveEventId(input, 'agent'));
    expect(deriveEventId(newEventId(), 'router')).not.toBe(deriveEventId(input, 'router'));
    expect(deriveEventId(input, 'router')).not.toBe(input);
  });

  test('deriving from something that is not a UUID is a programming error', () => {
    expect(() => deriveEventId('Ev0123', 'router')).toThrow(/not a UUID/);
    expect(() => deriveEventId(newEventId(), '')).toThrow(/purpose/);
  });

  test('stable ids keep part boundaries: ["a.b","c"] and ["a","b.c"] differ', () => {
    expect(stableId(['a.b', 'c'])).not.toBe(stableId(['a', 'b.c']));
    expect(stableId(['slack', 'T1', '1712.5'])).toBe(stableId(['slack', 'T1', '1712.5']));
  });
});
