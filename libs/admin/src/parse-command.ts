/**
 * Validates a command's input with its schema, the same way in the CLI, the portal and the
 * backend (PRTA-02). A failure is an `InvalidInput` error whose message names every bad field.
 */
import type { z } from 'zod';
import { type AdminError, adminError } from './admin-error.ts';

export type ParsedCommand<T> =
  | { readonly ok: true; readonly command: T }
  | { readonly ok: false; readonly error: AdminError & { readonly issues: readonly FieldIssue[] } };

/** One problem with one field; `field` is a dotted path (`escalationRules.0.keywords`). */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

export function parseCommand<S extends z.ZodType>(
  schema: S,
  input: unknown,
): ParsedCommand<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, command: result.data };
  const issues = result.error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join('.') : '(input)',
    message: issue.message,
  }));
  const list = issues.map(({ field, message }) => `${field}: ${message}`).join('; ');
  return { ok: false, error: { ...adminError('InvalidInput', `Invalid input: ${list}`), issues } };
}
