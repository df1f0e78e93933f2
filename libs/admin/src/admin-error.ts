/**
 * The expected failures of administration commands, as values with a stable `code` and a message
 * a person can act on. Transport-free: the edge maps a code to an HTTP status, a portal form error
 * or a CLI exit. Messages never include another tenant's data.
 */

export const ADMIN_ERROR_CODES = [
  'InvalidInput',
  'InvalidSlug',
  'StaleWrite',
  'NothingToChange',
  'TenantAlreadyExists',
  'TenantNotFound',
  'TenantDeleted',
  'AgentNotFound',
  'AgentInactive',
  'AgentNameTaken',
  'ConnectionAlreadyExists',
  'ConnectionNotFound',
  'ConnectionRemoved',
  'SlackTeamAlreadyConnected',
  'MemberAlreadyExists',
  'MemberNotFound',
  'LastAdmin',
] as const;
export type AdminErrorCode = (typeof ADMIN_ERROR_CODES)[number];

export interface AdminError {
  readonly code: AdminErrorCode;
  readonly message: string;
}

const codes: ReadonlySet<string> = new Set(ADMIN_ERROR_CODES);

export function adminError(code: AdminErrorCode, message: string): AdminError {
  return { code, message };
}

/** True for an {@link AdminError} value (e.g. one that crossed a JSON boundary). */
export function isAdminError(value: unknown): value is AdminError {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as { code?: unknown; message?: unknown };
  return typeof code === 'string' && codes.has(code) && typeof message === 'string';
}
