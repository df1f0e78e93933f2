import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after.ts';

const headers = (values: Record<string, string>) => new Headers(values);
// whole seconds, inside the range HTTP dates can express
const nowMs = fc.integer({ min: 0, max: 4_000_000_000 }).map((s) => s * 1000);
const capMs = fc.integer({ min: 0, max: 3_600_000 });

describe('parseRetryAfter (properties)', () => {
  it('is never negative and never above the cap, whatever the server sends', () => {
    fc.assert(
      fc.property(fc.string(), fc.option(fc.string()), capMs, nowMs, (value, ms, cap, now) => {
        const sent: Record<string, string> = {};
        // Headers rejects values with control characters; the server cannot send those anyway
        try {
          sent['retry-after'] = new Headers({ v: value }).get('v') ?? '';
          if (ms !== null) sent['retry-after-ms'] = new Headers({ v: ms }).get('v') ?? '';
        } catch {
          return;
        }
        const wait = parseRetryAfter(headers(sent), cap, now);
        if (wait !== undefined) {
          expect(wait).toBeGreaterThanOrEqual(0);
          expect(wait).toBeLessThanOrEqual(cap);
        }
      }),
    );
  });

  it('reads delta seconds as that many seconds, capped', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), capMs, (seconds, cap) => {
        expect(parseRetryAfter(headers({ 'retry-after': String(seconds) }), cap)).toBe(
          Math.min(cap, seconds * 1000),
        );
      }),
    );
  });

  it('reads an HTTP date as the time until it (zero once past), capped', () => {
    fc.assert(
      fc.property(nowMs, fc.integer({ min: -86_400, max: 86_400 }), capMs, (now, delta, cap) => {
        const date = new Date(now + delta * 1000).toUTCString();
        expect(parseRetryAfter(headers({ 'retry-after': date }), cap, now)).toBe(
          Math.min(cap, Math.max(0, delta * 1000)),
        );
      }),
    );
  });
});
