import { describe, expect, it } from 'vitest';
import { createConcurrencyGate } from './concurrency-gate.ts';

describe('concurrency gate', () => {
  it('grants up to its limit, then makes the next holder wait for a release', async () => {
    const gate = createConcurrencyGate(2);
    const never = new AbortController().signal;
    expect(gate.tryAcquire()).toBe(true);
    expect(await gate.acquire(never)).toBe(true);
    expect(gate.tryAcquire()).toBe(false);

    let granted = false;
    const waiting = gate.acquire(never).then((ok) => {
      granted = ok;
    });
    await Promise.resolve();
    expect(granted).toBe(false);
    gate.release();
    await waiting;

    expect(granted).toBe(true);
    expect(gate.active).toBe(2);
    expect(gate.peak).toBe(2);
  });

  it('a waiter whose signal aborts gets no slot', async () => {
    const gate = createConcurrencyGate(1);
    gate.tryAcquire();
    const controller = new AbortController();
    const waiting = gate.acquire(controller.signal);
    controller.abort();
    expect(await waiting).toBe(false);
    gate.release();
    expect(gate.active).toBe(0);
  });

  it('idle resolves when the last slot is released', async () => {
    const gate = createConcurrencyGate(3);
    gate.tryAcquire();
    gate.tryAcquire();
    let idle = false;
    const waiting = gate.idle().then(() => {
      idle = true;
    });
    gate.release();
    await Promise.resolve();
    expect(idle).toBe(false);
    gate.release();
    await waiting;
    expect(idle).toBe(true);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => createConcurrencyGate(0)).toThrow(RangeError);
    expect(() => createConcurrencyGate(1.5)).toThrow(RangeError);
  });
});
