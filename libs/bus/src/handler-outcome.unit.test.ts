import { describe, expect, it } from 'vitest';
import { backoffDelay, Outcome, type RetryPolicy, settlementOf } from './handler-outcome.ts';

const policy: RetryPolicy = { backoffMs: [100, 1_000, 5_000], maxDeliver: 5 };

describe('settling a handler outcome', () => {
  it('an ack acks', () => {
    expect(settlementOf(Outcome.ack(), 1, policy)).toEqual({ action: 'ack' });
  });

  it('a retry naks with the back-off of its delivery, the last entry repeating', () => {
    expect(backoffDelay(policy, 1)).toBe(100);
    expect(backoffDelay(policy, 2)).toBe(1_000);
    expect(backoffDelay(policy, 4)).toBe(5_000);
    expect(settlementOf(Outcome.retry('busy'), 2, policy)).toEqual({
      action: 'nak',
      delayMs: 1_000,
      reason: 'busy',
    });
  });

  it('a retry with its own delay uses it', () => {
    expect(settlementOf(Outcome.retry('rate limited', 30_000), 1, policy)).toMatchObject({
      action: 'nak',
      delayMs: 30_000,
    });
  });

  it('a retry on the last allowed delivery is dead-lettered with the last reason', () => {
    const settlement = settlementOf(Outcome.retry('still down'), 5, policy);
    expect(settlement).toMatchObject({ action: 'dead_letter', code: 'MaxDeliveriesExhausted' });
    expect(settlement.action === 'dead_letter' && settlement.reason).toContain('still down');
  });

  it('giving up is dead-lettered at once', () => {
    expect(settlementOf(Outcome.giveUp('no such agent'), 1, policy)).toEqual({
      action: 'dead_letter',
      code: 'GaveUp',
      reason: 'no such agent',
    });
  });

  it('no back-off table means an immediate retry', () => {
    expect(backoffDelay({ backoffMs: [], maxDeliver: 3 }, 2)).toBe(0);
  });
});
