import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.ts';

const UNITS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

describe('parseDuration', () => {
  it.each([
    ['90d', 7_776_000_000],
    ['2m', 120_000],
    ['30s', 30_000],
    ['500ms', 500],
    ['1h30m', 5_400_000],
    ['1w', 604_800_000],
    ['0', 0],
    ['0s', 0],
  ])('reads %s as %d ms', (text, milliseconds) => {
    expect(parseDuration(text)).toBe(milliseconds);
  });

  it.each(['', '90', '2 m', '1.5h', '-1s', '5M', '10y', 'm', '1h 30m', ' 2m', '2m '])(
    'rejects %j',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );

  it('rejects amounts past the safe integer range', () => {
    expect(parseDuration('99999999999999999w')).toBeUndefined();
  });

  it('reads <n><unit> as n times the unit', () => {
    const unit = fc.constantFrom(...(Object.keys(UNITS) as (keyof typeof UNITS)[]));
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), unit, (amount, u) => {
        expect(parseDuration(`${amount}${u}`)).toBe(amount * UNITS[u]);
      }),
    );
  });

  it('returns a non-negative safe integer or undefined for any text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const result = parseDuration(text);
        expect(result === undefined || (Number.isSafeInteger(result) && result >= 0)).toBe(true);
      }),
    );
  });
});

describe('formatDuration', () => {
  it('writes the shortest compound spelling', () => {
    expect(formatDuration(7_776_000_000)).toBe('12w6d');
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(120_000)).toBe('2m');
    expect(formatDuration(0)).toBe('0ms');
  });

  it('round-trips through parseDuration', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (milliseconds) => {
        expect(parseDuration(formatDuration(milliseconds))).toBe(milliseconds);
      }),
    );
  });

  it('refuses negative or fractional input', () => {
    expect(() => formatDuration(-1)).toThrow(RangeError);
    expect(() => formatDuration(1.5)).toThrow(RangeError);
  });
});
