import type { JsMsg } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import { createMessageBuffer } from './message-buffer.ts';

/** Only identity matters to the buffer until `keepAlive`, which these tests do not start. */
const message = (n: number) => ({ seq: n }) as unknown as JsMsg;

async function settledWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  let settled = false;
  void promise.then(() => {
    settled = true;
  });
  await new Promise((resolve) => setTimeout(resolve, ms));
  return settled;
}

describe('message buffer', () => {
  it('wakes a wait for one message at the first push', async () => {
    const buffer = createMessageBuffer();
    const waiting = buffer.waitForMessages(new AbortController().signal);
    buffer.push(message(1));
    expect(await settledWithin(waiting, 5)).toBe(true);
  });

  it('a wait for a batch ignores pushes below it and wakes when it is full', async () => {
    const buffer = createMessageBuffer();
    buffer.push(message(1));
    const waiting = buffer.waitForMessages(new AbortController().signal, 3);
    buffer.push(message(2));
    expect(await settledWithin(waiting, 5)).toBe(false);
    buffer.push(message(3));
    expect(await settledWithin(waiting, 5)).toBe(true);
    expect(buffer.take(10)).toHaveLength(3);
  });

  it('a wait for a batch ends when its signal does (the linger time)', async () => {
    const buffer = createMessageBuffer();
    buffer.push(message(1));
    const started = performance.now();
    await buffer.waitForMessages(AbortSignal.timeout(30), 500);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(buffer.size).toBe(1);
  });

  it('after a batch wait, the next wait for one message wakes at the first push again', async () => {
    const buffer = createMessageBuffer();
    await buffer.waitForMessages(AbortSignal.timeout(5), 10);
    const waiting = buffer.waitForMessages(new AbortController().signal);
    buffer.push(message(1));
    expect(await settledWithin(waiting, 5)).toBe(true);
  });
});
