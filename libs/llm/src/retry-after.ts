/**
 * Parses an HTTP `Retry-After` (delta seconds or an HTTP date) or `retry-after-ms` header into a
 * wait in milliseconds, capped so a hostile or confused server cannot park a call for an hour.
 */

export function parseRetryAfter(
  headers: { get(name: string): string | null },
  capMs: number,
  nowMs: number = Date.now(),
): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.min(capMs, Number(ms));
  const value = headers.get('retry-after')?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.min(capMs, Number(value) * 1000);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.min(capMs, Math.max(0, at - nowMs));
}
