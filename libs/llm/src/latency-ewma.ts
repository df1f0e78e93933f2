/**
 * An exponentially weighted moving average of a deployment's observed latency: recent calls
 * weigh most, one slow call does not flip the routing order.
 */

export const LATENCY_EWMA_ALPHA = 0.3;

export function nextEwma(
  previous: number | undefined,
  sample: number,
  alpha = LATENCY_EWMA_ALPHA,
): number {
  return previous === undefined ? sample : previous + alpha * (sample - previous);
}
