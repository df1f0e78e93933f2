/**
 * Compares a declared configuration with what the server holds, field by declared field, and
 * sorts the differences into those an update can apply and those it cannot. Pure, so the rules
 * are tested without a server.
 */
import type { ConfigConflict } from './errors.ts';

export interface ConfigChange {
  readonly field: string;
  readonly from: unknown;
  readonly to: unknown;
}

export interface ConfigDiff {
  readonly changes: readonly ConfigChange[];
  readonly conflicts: readonly ConfigConflict[];
}

/** Values are equal as JSON would be; arrays of strings compare as sets (subjects, filters). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.every((x) => typeof x === 'string') && b.every((x) => typeof x === 'string')) {
      const left = new Set(a);
      const right = new Set(b);
      return left.size === right.size && [...left].every((x) => right.has(x));
    }
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  return a === b;
}

/**
 * Every key of `wanted` is compared with `actual[key]`; a key wanted `undefined` must be
 * absent. Differences in `immutable` fields are conflicts, the rest are changes to apply.
 */
export function diffConfig(
  wanted: Readonly<Record<string, unknown>>,
  actual: Readonly<Record<string, unknown>>,
  immutable: ReadonlySet<string>,
): ConfigDiff {
  const changes: ConfigChange[] = [];
  const conflicts: ConfigConflict[] = [];
  for (const [field, value] of Object.entries(wanted)) {
    const current = actual[field];
    if (sameValue(value, current)) continue;
    if (immutable.has(field)) conflicts.push({ field, wanted: value, actual: current });
    else changes.push({ field, from: current, to: value });
  }
  return { changes, conflicts };
}
