/**
 * TLS to Postgres by configuration. Three modes, named as libpq names them, map onto
 * node-postgres' `ssl` option:
 *   - `disable`     plain TCP (local development, the compose network);
 *   - `require`     encrypted, server certificate NOT verified (libpq semantics);
 *   - `verify-full` encrypted, certificate chain and host name verified, optionally against a
 *                   CA bundle read from `caFile` (managed Postgres publishes one).
 * Guarantees: `verify-full` never silently degrades to an unverified connection.
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { z } from 'zod';

export const dbSslModeSchema = z.enum(['disable', 'require', 'verify-full']);
export type DbSslMode = z.infer<typeof dbSslModeSchema>;

export interface DbSslOptions {
  readonly mode: DbSslMode;
  /** Path to a PEM CA bundle; only meaningful with `verify-full`. */
  readonly caFile?: string;
}

export type PgSsl = false | ConnectionOptions;

/** Maps our TLS options to node-postgres' `ssl` value; reads the CA file when one is named. */
export function toPgSsl(
  options: DbSslOptions,
  readFile: (path: string) => string = readText,
): PgSsl {
  switch (options.mode) {
    case 'disable':
      return false;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-full':
      return options.caFile === undefined
        ? { rejectUnauthorized: true }
        : { rejectUnauthorized: true, ca: readFile(options.caFile) };
    default: {
      const unknownMode: never = options.mode;
      throw new Error(`Unknown DATABASE_SSL mode: ${String(unknownMode)}`);
    }
  }
}

function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
