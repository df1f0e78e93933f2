import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatByteSize, parseByteSize } from './byte-size.ts';

const KIB = 1024;

describe('parseByteSize', () => {
  it.each([
    ['10GB', 10 * KIB ** 3],
    ['512MB', 512 * KIB ** 2],
    ['64KiB', 64 * KIB],
    ['1T', KIB ** 4],
    ['2gb', 2 * KIB ** 3],
    ['1024', 1024],
    ['7B', 7],
    ['10 GB', 10 * KIB ** 3],
  ])('reads %s as %d bytes', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it.each(['', 'GB', '1.5GB', '-1', '10PB', '10 G B', '10GiBs', 'ten'])('rejects %j', (text) => {
    expect(parseByteSize(text)).toBeUndefined();
  });

  it('rejects sizes past the safe integer range', () => {
    expect(parseByteSize('99999999TB')).toBeUndefined();
  });

  it('reads <n><unit> as n times the binary unit, whatever the spelling', () => {
    const units = fc.constantFrom(
      ['B', 1],
      ['KB', KIB],
      ['KiB', KIB],
      ['k', KIB],
      ['MB', KIB ** 2],
      ['mib', KIB ** 2],
      ['GB', KIB ** 3],
      ['G', KIB ** 3],
      ['TB', KIB ** 4],
    );
    fc.assert(
      fc.property(fc.nat({ max: 4096 }), units, (amount, [unit, size]) => {
        expect(parseByteSize(`${amount}${unit}`)).toBe(amount * (size as number));
      }),
    );
  });

  it('returns a non-negative safe integer or undefined for any text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const result = parseByteSize(text);
        expect(result === undefined || (Number.isSafeInteger(result) && result >= 0)).toBe(true);
      }),
    );
  });
});

describe('formatByteSize', () => {
  it('writes the largest exact unit', () => {
    expect(formatByteSize(10 * KIB ** 3)).toBe('10GB');
    expect(formatByteSize(1536)).toBe('1536B');
    expect(formatByteSize(0)).toBe('0B');
  });

  it('round-trips through parseByteSize', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (bytes) => {
        expect(parseByteSize(formatByteSize(bytes))).toBe(bytes);
      }),
    );
  });
});
