import { describe, expect, it } from 'vitest';
import { mapWithWindow } from './pipeline.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('mapWithWindow', () => {
  it('keeps input order and never has more than `window` steps in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapWithWindow([...Array(40).keys()], 5, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await tick();
      inFlight--;
      return n * 2;
    });
    expect(results).toEqual([...Array(40).keys()].map((n) => n * 2));
    expect(most).toBe(5);
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    const error = await mapWithWindow([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      await tick();
      if (n === 1) throw new Error('boom');
      return n;
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('boom');
    expect(started.length).toBeLessThan(6);
  });

  it('resolves an empty list', async () => {
    expect(await mapWithWindow([], 4, async () => 1)).toEqual([]);
  });
});
