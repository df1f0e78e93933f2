/**
 * The expected failures of secret handling, as one typed error with a stable `code` the edge maps
 * to a startup message, a CLI exit or an HTTP status. Messages name the fix and never contain a
 * key, a plaintext or a ciphertext: they are safe to log.
 */

export const SECRET_ERROR_CODES = [
  'InvalidSecretKey',
  'MissingSecretKey',
  'UnknownSecretKey',
  'SecretDecryptionFailed',
] as const;
export type SecretErrorCode = (typeof SECRET_ERROR_CODES)[number];

export class SecretError extends Error {
  readonly code: SecretErrorCode;

  constructor(code: SecretErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SecretError';
    this.code = code;
  }
}

/** True for a {@link SecretError}, optionally with the given code. */
export function isSecretError(error: unknown, code?: SecretErrorCode): error is SecretError {
  return error instanceof SecretError && (code === undefined || error.code === code);
}
