import { describe, expect, test } from 'vitest';
import { CLAIM_LEASE_MS, claimIsStale } from './unique-claim.ts';

describe('when a uniqueness claim may be taken over', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  const ago = (ms: number) => new Date(now - ms);

  test('never while its holder still holds the value, however old', () => {
    expect(claimIsStale(ago(10 * CLAIM_LEASE_MS), true, now)).toBe(false);
  });

  test('never within the lease: the holder may still be between claiming and appending', () => {
    expect(claimIsStale(ago(CLAIM_LEASE_MS - 1), false, now)).toBe(false);
  });

  test('once the lease has run out and the holder does not hold it', () => {
    expect(claimIsStale(ago(CLAIM_LEASE_MS + 1), false, now)).toBe(true);
  });
});
