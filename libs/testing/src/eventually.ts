/**
 * Polls until an asynchronous read yields a value (an event stored, a row projected), for tests
 * that watch services working in the background; fails naming what it waited for.
 */
export async function eventually<T>(
  read: () => Promise<T | undefined>,
  what: string,
  { attempts = 100, intervalMs = 100 }: { attempts?: number; intervalMs?: number } = {},
): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}
