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
