import { describe, expect, test } from 'vitest';
import { openAttemptScope } from './attempt-scope.ts';

const unusedFetch = () => Promise.reject(new Error('not fetched in this test'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

describe('an attempt scope', () => {
  test("a stream's silence timer: restarted by each chunk, fired by silence, and not started again by a chunk read after it fired", async () => {
    const scope = openAttemptScope(10_000, unusedFetch, undefined, Date.now);
    // wide margins: a busy machine's event loop may stall for a while between two chunks
    scope.streaming(500);
    for (let i = 0; i < 4; i++) {
      await sleep(100);
      scope.heard();
    }
    expect(scope.signal.aborted).toBe(false);
    await sleep(1_000);
    expect(scope.timedOut()).toBe('idle');
    expect(scope.signal.aborted).toBe(true);
    // a chunk the SDK had buffered, read after the abort, starts no timer again
    const before = timers();
    scope.heard();
    expect(timers()).toBe(before);
    scope.dispose();
  });

  test('the total timer bounds the wait for the first chunk, and no longer once the stream answers', async () => {
    const scope = openAttemptScope(40, unusedFetch, undefined, Date.now);
    scope.streaming(10_000);
    await sleep(80);
    expect(scope.timedOut()).toBeUndefined();
    scope.finish();
    const silent = openAttemptScope(40, unusedFetch, undefined, Date.now);
    await sleep(80);
    expect(silent.timedOut()).toBe('total');
    silent.dispose();
  });
});
