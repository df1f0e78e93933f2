/**
 * Encrypts and decrypts secrets with AES-256-GCM (TNNT-04, LLM-04). Each encryption uses a fresh
 * random 12-byte IV. The caller's `context` (e.g. `<tenantId>:slack-bot-token`) is bound as
 * additional authenticated data, so a ciphertext copied to another tenant or another purpose does
 * not decrypt. Errors say what failed and never carry the key, the plaintext or the ciphertext.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptedSecret } from '@konstruct/schemas';
import type { Keyring } from './keyring.ts';
import { SecretError } from './secret-error.ts';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Versions the AAD layout, so a future format cannot be confused with this one. */
const AAD_PREFIX = 'konstruct-secret-v1\u0000';

export interface SecretContext {
  /** What the secret is and whose it is, e.g. `<tenantId>:slack-bot-token`. Must not be empty. */
  readonly context: string;
}

function aadOf({ context }: SecretContext): Buffer {
  if (context.length === 0) throw new TypeError('a secret context must not be empty');
  return Buffer.from(`${AAD_PREFIX}${context}`, 'utf8');
}

/** Encrypts `plaintext` with the keyring's current key, bound to `context`. */
export function encryptSecret(
  keyring: Keyring,
  plaintext: string,
  options: SecretContext,
): EncryptedSecret {
  const aad = aadOf(options);
  const key = keyring.keyFor(keyring.currentKeyId);
  if (key === undefined) throw new Error('keyring has no current key');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    keyId: keyring.currentKeyId,
    iv: iv.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

function decryptionFailed(secret: EncryptedSecret, cause?: unknown): SecretError {
  return new SecretError(
    'SecretDecryptionFailed',
    `a secret encrypted with key ${secret.keyId} failed to decrypt: it was altered, or it belongs ` +
      'to another tenant or purpose; enter the secret again',
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Decrypts a secret encrypted for the same `context`. Throws `UnknownSecretKey` when the keyring
 * lacks its key (add the old key to KONSTRUCT_SECRET_KEYS_PREVIOUS) and `SecretDecryptionFailed`
 * when it was tampered with or encrypted for another context.
 */
export function decryptSecret(
  keyring: Keyring,
  secret: EncryptedSecret,
  options: SecretContext,
): string {
  const aad = aadOf(options);
  const key = keyring.keyFor(secret.keyId);
  if (key === undefined) {
    throw new SecretError(
      'UnknownSecretKey',
      `a secret is encrypted with key ${secret.keyId}, which this keyring does not hold; ` +
        'add that key to KONSTRUCT_SECRET_KEYS_PREVIOUS (or restore it as KONSTRUCT_SECRET_KEY)',
    );
  }
  const iv = Buffer.from(secret.iv, 'base64');
  const tag = Buffer.from(secret.tag, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw decryptionFailed(secret);
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    const ciphertext = Buffer.from(secret.ciphertext, 'base64');
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch (error) {
    throw decryptionFailed(secret, error);
  }
}

/**
 * For key rotation: decrypts with whichever key the secret names and encrypts again with the
 * current key (fresh IV). Fails like {@link decryptSecret}.
 */
export function reencryptSecret(
  keyring: Keyring,
  secret: EncryptedSecret,
  options: SecretContext,
): EncryptedSecret {
  return encryptSecret(keyring, decryptSecret(keyring, secret, options), options);
}

/** True when `secret` is not under the keyring's current key (a rotation job re-encrypts it). */
export function needsReencryption(keyring: Keyring, secret: EncryptedSecret): boolean {
  return secret.keyId !== keyring.currentKeyId;
}
