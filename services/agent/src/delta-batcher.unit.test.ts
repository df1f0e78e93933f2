import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createDeltaBatcher } from './delta-batcher.ts';

function recorder() {
  const published: { text: string; index: number }[] = [];
  return {
    published,
    publish: async (text: string, index: number) => {
      published.push({ text, index });
    },
  };
}

describe('delta batcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  test('the first piece goes out at the end of its turn; pieces close behind it go out together after the interval', async () => {
    const sink = recorder();
    const batcher = createDeltaBatcher({ intervalMs: 50, publish: sink.publish, now: Date.now });
    batcher.add('Hello');
    expect(sink.published).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(sink.published).toEqual([{ text: 'Hello', index: 0 }]);
    batcher.add(' there,');
    vi.advanceTimersByTime(10);
    batcher.add(' friend.');
    expect(sink.published).toHaveLength(1);
    vi.advanceTimersByTime(40);
    expect(sink.published).toEqual([
      { text: 'Hello', index: 0 },
      { text: ' there, friend.', index: 1 },
    ]);
    await batcher.finish();
    expect(sink.published).toHaveLength(2);
  });

  test('pieces of one turn go out as one delta', () => {
    const sink = recorder();
    const batcher = createDeltaBatcher({ intervalMs: 50, publish: sink.publish, now: Date.now });
    for (const piece of ['Hello', ' there,', ' friend.']) batcher.add(piece);
    vi.advanceTimersByTime(0);
    expect(sink.published).toEqual([{ text: 'Hello there, friend.', index: 0 }]);
  });

  test('a piece after a quiet interval goes out at the end of its turn', () => {
    const sink = recorder();
    const batcher = createDeltaBatcher({ intervalMs: 50, publish: sink.publish, now: Date.now });
    batcher.add('a');
    vi.advanceTimersByTime(80);
    batcher.add('b');
    vi.advanceTimersByTime(0);
    expect(sink.published.map((delta) => delta.text)).toEqual(['a', 'b']);
  });

  test('finish leaves what is pending unpublished (the completed reply carries it): a reply whole within one turn costs no delta', async () => {
    const sink = recorder();
    const batcher = createDeltaBatcher({ intervalMs: 50, publish: sink.publish, now: Date.now });
    batcher.add('a');
    batcher.add('b');
    await batcher.finish();
    vi.advanceTimersByTime(100);
    expect(sink.published).toEqual([]);

    const streamed = createDeltaBatcher({ intervalMs: 50, publish: sink.publish, now: Date.now });
    streamed.add('a');
    vi.advanceTimersByTime(0);
    streamed.add('b');
    streamed.add('c');
    await streamed.finish();
    vi.advanceTimersByTime(100);
    expect(sink.published).toEqual([{ text: 'a', index: 0 }]);
  });

  test('interval 0 publishes each turn’s pieces, indexes without gaps', () => {
    const sink = recorder();
    const batcher = createDeltaBatcher({ intervalMs: 0, publish: sink.publish, now: Date.now });
    for (const piece of ['x', '', 'y', 'z']) {
      batcher.add(piece);
      vi.advanceTimersByTime(0);
    }
    expect(sink.published).toEqual([
      { text: 'x', index: 0 },
      { text: 'y', index: 1 },
      { text: 'z', index: 2 },
    ]);
  });

  test('a failed publish is thrown by finish (the message is retried), not swallowed', async () => {
    const batcher = createDeltaBatcher({
      intervalMs: 50,
      publish: async () => {
        throw new Error('NATS is gone');
      },
      now: Date.now,
    });
    batcher.add('a');
    vi.advanceTimersByTime(0);
    await expect(batcher.finish()).rejects.toThrow('NATS is gone');
  });

  test('a failed publish is thrown by the next add', async () => {
    const batcher = createDeltaBatcher({
      intervalMs: 0,
      publish: async () => {
        throw new Error('NATS is gone');
      },
      now: Date.now,
    });
    batcher.add('a');
    await vi.runAllTimersAsync();
    expect(() => batcher.add('b')).toThrow('NATS is gone');
  });

  test('discard drops pending text and its timer', () => {
    const sink = recorder();
    const batcher = createDeltaBatcher({ intervalMs: 50, publish: sink.publish, now: Date.now });
    batcher.add('a');
    vi.advanceTimersByTime(0);
    batcher.add('b');
    batcher.discard();
    vi.advanceTimersByTime(100);
    expect(sink.published.map((delta) => delta.text)).toEqual(['a']);
  });
});
