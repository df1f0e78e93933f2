/**
 * Durations as operators write them (`90d`, `2m`, `30s`, `500ms`, `1h30m`) turned into
 * milliseconds, and back. Pure; `parseDuration` returns `undefined` for anything that is not a
 * duration instead of guessing, and never returns an unsafe integer.
 */

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
type DurationUnit = keyof typeof UNIT_MS;

/** Largest unit first, so `formatDuration` writes the shortest spelling. */
const UNITS_DESCENDING: readonly DurationUnit[] = ['w', 'd', 'h', 'm', 's', 'ms'];

const WHOLE = /^(?:\d+(?:ms|s|m|h|d|w))+$/;
const SEGMENT = /(\d+)(ms|s|m|h|d|w)/g;

/**
 * Milliseconds for a duration of one or more `<integer><unit>` segments, units `ms s m h d w`
 * (lowercase); a bare `0` is zero. `undefined` when the text is not a duration.
 */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  if (!WHOLE.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(SEGMENT)) {
    total += Number(amount) * UNIT_MS[unit as DurationUnit];
  }
  return Number.isSafeInteger(total) ? total : undefined;
}

/** The shortest compound spelling of a non-negative whole number of milliseconds (`1h30m`). */
export function formatDuration(milliseconds: number): string {
  if (!Number.isSafeInteger(milliseconds) || milliseconds < 0) {
    throw new RangeError(`formatDuration needs a non-negative safe integer, got ${milliseconds}`);
  }
  if (milliseconds === 0) return '0ms';
  let rest = milliseconds;
  let text = '';
  for (const unit of UNITS_DESCENDING) {
    const amount = Math.floor(rest / UNIT_MS[unit]);
    if (amount > 0) {
      text += `${amount}${unit}`;
      rest -= amount * UNIT_MS[unit];
    }
  }
  return text;
}
