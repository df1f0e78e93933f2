/**
 * Byte sizes as operators write them (`10GB`, `512MB`, `64KiB`, `1024`) turned into a number of
 * bytes, and back. Units are binary, as the NATS tooling reads them: 1KB = 1KiB = 1024 bytes.
 * Pure; `parseByteSize` returns `undefined` for anything that is not a size.
 */

const UNIT_BYTES = {
  b: 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
};
type SizeUnit = keyof typeof UNIT_BYTES;

const SIZE = /^(\d+)\s*(?:([kmgt])(?:i?b)?|(b))?$/i;
const UNITS_DESCENDING: readonly SizeUnit[] = ['t', 'g', 'm', 'k'];

/**
 * Bytes for `<integer>[unit]`, unit one of `B K KB KiB M MB MiB G GB GiB T TB TiB` (any case);
 * no unit means bytes. `undefined` when the text is not a size or the result is not a safe
 * integer.
 */
export function parseByteSize(text: string): number | undefined {
  const match = SIZE.exec(text.trim());
  if (match === null) return undefined;
  const [, amount, prefix] = match;
  const unit = (prefix?.toLowerCase() ?? 'b') as SizeUnit;
  const bytes = Number(amount) * UNIT_BYTES[unit];
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** The largest exact binary unit for a byte count: 1073741824 → `1GB`, 1500 → `1500B`. */
export function formatByteSize(bytes: number): string {
  if (!Number.isSafeInteger(bytes) || bytes < 0) {
    throw new RangeError(`formatByteSize needs a non-negative safe integer, got ${bytes}`);
  }
  for (const unit of UNITS_DESCENDING) {
    const size = UNIT_BYTES[unit];
    if (bytes !== 0 && bytes % size === 0) return `${bytes / size}${unit.toUpperCase()}B`;
  }
  return `${bytes}B`;
}
