/**
 * The platform has two Postgres identities: the owner (runs migrations, owns the tables, reached
 * through DATABASE_URL) and the application role `konstruct_app` (what services connect as; it
 * owns nothing and is subject to Row Level Security). This module derives the application URL
 * from the owner URL so one setting is enough locally, while an explicit DATABASE_APP_URL (passed
 * in as `appUrl`) always wins. Guarantees: the owner's password never leaks into the app URL.
 */

export const DEFAULT_APP_ROLE = 'konstruct_app';

export interface AppDatabaseUrlOptions {
  /** An explicit application URL (DATABASE_APP_URL); returned unchanged when set. */
  readonly appUrl?: string | undefined;
  /** The application role (default `konstruct_app`). */
  readonly user?: string | undefined;
  /** The application role's password; none when omitted. */
  readonly password?: string | undefined;
}

export class InvalidDatabaseUrlError extends Error {
  readonly code = 'InvalidDatabaseUrl';
  override readonly name = 'InvalidDatabaseUrlError';
}

/** Same host, port, database and parameters as `ownerUrl`, with the user (and password) replaced. */
export function appDatabaseUrl(ownerUrl: string, options: AppDatabaseUrlOptions = {}): string {
  if (options.appUrl !== undefined && options.appUrl !== '') return options.appUrl;
  const url = parseUrl(ownerUrl);
  if (url.hostname === '') {
    throw new InvalidDatabaseUrlError(
      'Cannot derive the application database URL from a URL without a host (e.g. a Unix ' +
        'socket URL); set DATABASE_APP_URL explicitly.',
    );
  }
  url.username = encodeURIComponent(options.user ?? DEFAULT_APP_ROLE);
  url.password = options.password === undefined ? '' : encodeURIComponent(options.password);
  url.searchParams.delete('user');
  url.searchParams.delete('password');
  return url.toString();
}

function parseUrl(value: string): URL {
  try {
    return new URL(value);
  } catch (cause) {
    throw new InvalidDatabaseUrlError(
      'DATABASE_URL is not a valid URL; expected postgres://user@host:5432/database.',
      { cause },
    );
  }
}
