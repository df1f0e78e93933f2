/**
 * Prints resources: with `--json` exactly one JSON document (the object, or an array for lists);
 * otherwise aligned `field  value` lines, or one row per item for lists.
 */
import type { Output } from './cli-output.ts';

function text(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function printResource(output: Output, resource: object, json: boolean | undefined): void {
  if (json) {
    output.json(resource);
    return;
  }
  const entries = Object.entries(resource);
  const width = Math.max(...entries.map(([key]) => key.length));
  for (const [key, value] of entries) output.line(`${key.padEnd(width)}  ${text(value)}`);
}

export function printList<T extends object>(
  output: Output,
  items: readonly T[],
  json: boolean | undefined,
  columns: readonly (keyof T & string)[],
): void {
  if (json) {
    output.json(items);
    return;
  }
  if (items.length === 0) {
    output.line('(none)');
    return;
  }
  const rows = [
    columns as readonly string[],
    ...items.map((item) => columns.map((c) => text(item[c]))),
  ];
  const widths = columns.map((_c, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  for (const row of rows)
    output.line(
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    );
}
