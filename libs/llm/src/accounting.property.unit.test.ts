import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { costMicroUsd } from './accounting.ts';

/** Exact cost with integers: prices in millionths of a USD per million tokens, half rounded up. */
function exactMicroUsd(inMillionths: number, outMillionths: number, input: number, output: number) {
  const scaled = BigInt(input) * BigInt(inMillionths) + BigInt(output) * BigInt(outMillionths);
  return Number((scaled + 500_000n) / 1_000_000n);
}

describe('costMicroUsd', () => {
  it('rounds half a micro-USD up even where floating point lands just below it', () =>
    expect(costMicroUsd({ inputPerMillionUsd: 0.575, outputPerMillionUsd: 0.285 }, 100, 0)).toBe(
      58,
    ));

  it('is the exact cost rounded once to a whole micro-USD', () => {
    // prices on a 0.005 grid and round token counts hit the half-micro-USD boundaries often
    const millionths = fc.oneof(
      fc.integer({ min: 0, max: 200_000_000 }),
      fc.integer({ min: 0, max: 40_000 }).map((n) => n * 5_000),
    );
    const tokens = fc.oneof(
      fc.integer({ min: 0, max: 2_000_000 }),
      fc.integer({ min: 0, max: 20_000 }).map((n) => n * 100),
    );
    fc.assert(
      fc.property(millionths, millionths, tokens, tokens, (pin, pout, input, output) => {
        const price = { inputPerMillionUsd: pin / 1e6, outputPerMillionUsd: pout / 1e6 };
        const cost = costMicroUsd(price, input, output);
        expect(Number.isInteger(cost)).toBe(true);
        expect(cost).toBe(exactMicroUsd(pin, pout, input, output));
      }),
    );
  });
});
