/**
 * Runs an async step over many items with at most `window` in flight, keeping results in input
 * order: the throughput of pipelining with the memory and server load of a bounded queue.
 * On the first failure no new step starts; steps already running are awaited before it rejects.
 */

export async function mapWithWindow<T, R>(
  items: readonly T[],
  window: number,
  step: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  async function lane(): Promise<void> {
    while (failure === undefined && next < items.length) {
      if (signal?.aborted) {
        failure = { error: signal.reason };
        return;
      }
      const index = next++;
      try {
        results[index] = await step(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  }
  const lanes = Math.max(1, Math.min(window, items.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  if (failure !== undefined) throw failure.error;
  return results;
}
