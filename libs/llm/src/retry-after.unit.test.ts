import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after.ts';

const headers = (values: Record<string, string>) => new Headers(values);

describe('parseRetryAfter', () => {
  it('reads delta seconds', () =>
    expect(parseRetryAfter(headers({ 'retry-after': '2' }), 60_000)).toBe(2_000));
  it('prefers retry-after-ms', () =>
    expect(parseRetryAfter(headers({ 'retry-after': '2', 'retry-after-ms': '150' }), 60_000)).toBe(
      150,
    ));
  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(
      parseRetryAfter(headers({ 'retry-after': 'Wed, 21 Oct 2015 07:28:03 GMT' }), 60_000, now),
    ).toBe(3_000);
  });
  it('caps what the server asks for', () =>
    expect(parseRetryAfter(headers({ 'retry-after': '3600' }), 30_000)).toBe(30_000));
  it('ignores garbage and absence', () => {
    expect(parseRetryAfter(headers({ 'retry-after': 'soon' }), 30_000)).toBeUndefined();
    expect(parseRetryAfter(headers({}), 30_000)).toBeUndefined();
  });
});
