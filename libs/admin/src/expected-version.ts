/**
 * Optimistic concurrency: a command may carry the version of the entity its author saw; when the
 * entity has moved on since, the command is refused rather than silently overwriting a change.
 */
import type { AdminError } from './admin-error.ts';
import { adminError } from './admin-error.ts';

/** `StaleWrite` when `expectedVersion` is given and differs from `version`; otherwise null. */
export function checkExpectedVersion(
  what: string,
  version: number,
  expectedVersion: number | undefined,
): AdminError | null {
  if (expectedVersion === undefined || expectedVersion === version) return null;
  return adminError(
    'StaleWrite',
    `${what} was changed by someone else (version ${version}, you had ${expectedVersion}); ` +
      'reload and retry.',
  );
}
