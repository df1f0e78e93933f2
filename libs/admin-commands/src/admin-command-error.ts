/**
 * The one error admin commands throw for expected failures: an admin error from a decider or the
 * shell (`TenantNotFound`, `SlugTaken`, `StaleWrite`, `InvalidInput`, …) with its stable code and a
 * sentence the operator can act on. The CLI and portal map the code; nothing here knows them.
 */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

export class AdminCommandError extends Error {
  readonly code: string;
  readonly issues: readonly FieldIssue[];

  constructor(
    error: {
      readonly code: string;
      readonly message: string;
      readonly issues?: readonly FieldIssue[];
    },
    options?: { cause?: unknown },
  ) {
    super(error.message, options);
    this.name = 'AdminCommandError';
    this.code = error.code;
    this.issues = error.issues ?? [];
  }
}

export function isAdminCommandError(error: unknown, code?: string): error is AdminCommandError {
  return error instanceof AdminCommandError && (code === undefined || error.code === code);
}
