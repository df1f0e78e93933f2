import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  childTraceparent,
  formatTraceparent,
  newTraceparent,
  parseTraceparent,
  traceIdOf,
} from './traceparent.ts';

const SPEC_EXAMPLE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const VALID = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

const hex = (length: number) =>
  fc
    .string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length })
    .filter((id) => /[^0]/.test(id));

describe('parseTraceparent', () => {
  it('reads the example from the W3C spec', () => {
    expect(parseTraceparent(SPEC_EXAMPLE)).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      flags: 1,
      sampled: true,
    });
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['all-zero trace id', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`],
    ['all-zero span id', `00-4bf92f3577b34da6a3ce929d0e0e4736-${'0'.repeat(16)}-01`],
    ['uppercase hex', SPEC_EXAMPLE.toUpperCase()],
    ['version ff', `ff${SPEC_EXAMPLE.slice(2)}`],
    ['version 00 with extra fields', `${SPEC_EXAMPLE}-extra`],
    ['short trace id', '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01'],
    ['short span id', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01'],
    ['bad flags', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g'],
  ])('rejects a header with %s', (_, header) => {
    expect(parseTraceparent(header)).toBeUndefined();
  });

  it('reads a later version by its first four fields', () => {
    expect(parseTraceparent(`01${SPEC_EXAMPLE.slice(2)}-future`)?.traceId).toBe(
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
  });

  it('round-trips any valid trace id, span id and flags', () => {
    fc.assert(
      fc.property(hex(32), hex(16), fc.integer({ min: 0, max: 255 }), (traceId, spanId, flags) => {
        const header = formatTraceparent({ traceId, spanId, flags });
        expect(header).toMatch(VALID);
        expect(parseTraceparent(header)).toEqual({
          traceId,
          spanId,
          flags,
          sampled: (flags & 1) === 1,
        });
      }),
    );
  });

  it('never throws and only accepts well-formed headers', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const context = parseTraceparent(text);
        if (context !== undefined) expect(formatTraceparent(context)).toMatch(VALID);
      }),
    );
  });
});

describe('newTraceparent', () => {
  it('starts a valid, sampled trace with fresh ids each time', () => {
    const first = parseTraceparent(newTraceparent());
    const second = parseTraceparent(newTraceparent());
    expect(first?.sampled).toBe(true);
    expect(first?.traceId).not.toBe(second?.traceId);
    expect(parseTraceparent(newTraceparent(false))?.sampled).toBe(false);
  });

  it('never repeats an id across many traces (the random pool is refilled, not reused)', () => {
    const contexts = Array.from({ length: 2_000 }, () => parseTraceparent(newTraceparent()));
    const traceIds = new Set(contexts.map((context) => context?.traceId));
    const spanIds = new Set(contexts.map((context) => context?.spanId));
    expect(traceIds.size).toBe(2_000);
    expect(spanIds.size).toBe(2_000);
    expect(traceIds.has(undefined)).toBe(false);
  });
});

describe('childTraceparent', () => {
  it('keeps the trace id and flags and takes a new span id', () => {
    fc.assert(
      fc.property(hex(32), hex(16), fc.integer({ min: 0, max: 255 }), (traceId, spanId, flags) => {
        const child = parseTraceparent(
          childTraceparent(formatTraceparent({ traceId, spanId, flags })),
        );
        expect(child?.traceId).toBe(traceId);
        expect(child?.flags).toBe(flags);
        expect(child?.spanId).not.toBe(spanId);
      }),
    );
  });

  it('starts a new trace when the parent is missing or invalid', () => {
    expect(childTraceparent(undefined)).toMatch(VALID);
    expect(childTraceparent('garbage')).toMatch(VALID);
  });
});

describe('traceIdOf', () => {
  it('gives the trace id of a valid header and undefined otherwise', () => {
    expect(traceIdOf(SPEC_EXAMPLE)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(traceIdOf('nope')).toBeUndefined();
  });
});
