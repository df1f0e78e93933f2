/** @konstruct/secrets: secrets encrypted at rest with rotating keys, masked and redacted for display. */
export {
  createKeyring,
  type Keyring,
  type KeyringKeys,
  keyringFromEnv,
  PREVIOUS_SECRET_KEYS_VARIABLE,
  SECRET_KEY_BYTES,
  SECRET_KEY_VARIABLE,
  secretKeyId,
} from './keyring.ts';
export {
  KNOWN_SECRET_PREFIXES,
  MASK,
  MIN_MASKED_REVEAL_LENGTH,
  maskSecret,
} from './mask-secret.ts';
export {
  describeEncryptedSecret,
  looksLikeEncryptedSecret,
  type RedactedSecret,
  redactSecrets,
} from './redact-secrets.ts';
export {
  decryptSecret,
  encryptSecret,
  needsReencryption,
  reencryptSecret,
  type SecretContext,
} from './secret-cipher.ts';
export {
  isSecretError,
  SECRET_ERROR_CODES,
  SecretError,
  type SecretErrorCode,
} from './secret-error.ts';
