/**
 * Drops the keys whose value is `undefined`, so a partial update spreads only what was given
 * (zod's optional outputs are `T | undefined`, which `exactOptionalPropertyTypes` keeps apart).
 */
export type DefinedOnly<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

export function definedOnly<T extends object>(value: T): DefinedOnly<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as DefinedOnly<T>;
}
