import { describe, expect, test } from 'vitest';
import { createWaitingSlots, waitingLimitFor } from './waiting-slots.ts';

describe('waiting slots', () => {
  test('admit up to the limit, then refuse until one leaves', () => {
    const slots = createWaitingSlots(2);
    expect([slots.tryEnter(), slots.tryEnter(), slots.tryEnter()]).toEqual([true, true, false]);
    expect(slots.waiting).toBe(2);
    slots.leave();
    expect(slots.tryEnter()).toBe(true);
  });

  test('a quarter of the handler slots may wait, at least one', () => {
    expect(waitingLimitFor(32)).toBe(8);
    expect(waitingLimitFor(3)).toBe(1);
    expect(waitingLimitFor(1)).toBe(1);
  });
});
