/**
 * Values for `jsonb` columns: serialized here, because node-postgres would send a JS array as a
 * Postgres array literal rather than JSON.
 */
export function jsonColumn(value: unknown): string {
  return JSON.stringify(value);
}

export function nullableJsonColumn(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
