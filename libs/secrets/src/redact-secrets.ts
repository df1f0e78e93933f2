/**
 * Makes event data safe to show (the audit view): every value shaped like an encrypted secret
 * (`{ keyId, iv, ciphertext, tag }`, all strings, nothing else) becomes `{ encrypted: true, keyId }`.
 * Recognised structurally, without zod, so it works on any JSON value, known type or not.
 */
import type { EncryptedSecret } from '@konstruct/schemas';

/** What an encrypted secret looks like after {@link redactSecrets}. */
export interface RedactedSecret {
  readonly encrypted: true;
  readonly keyId: string;
}

const SECRET_FIELDS = ['ciphertext', 'iv', 'keyId', 'tag'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** True when `value` has exactly the shape of an {@link EncryptedSecret} (string fields). */
export function looksLikeEncryptedSecret(value: unknown): value is EncryptedSecret {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value).sort();
  return (
    keys.length === SECRET_FIELDS.length &&
    keys.every((key, index) => key === SECRET_FIELDS[index] && typeof value[key] === 'string')
  );
}

/** `encrypted (key 1a2b3c4d5e6f7a8b)`: how an audit line shows a secret. */
export function describeEncryptedSecret(secret: Pick<EncryptedSecret, 'keyId'>): string {
  return `encrypted (key ${secret.keyId})`;
}

/** A copy of the JSON value `value` with every encrypted secret replaced by a {@link RedactedSecret}. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (!isPlainObject(value)) return value;
  if (looksLikeEncryptedSecret(value)) {
    const redacted: RedactedSecret = { encrypted: true, keyId: value.keyId };
    return redacted;
  }
  // fromEntries defines own properties, so a `__proto__` key stays data, never a prototype.
  return Object.fromEntries(
    Object.entries(value).map(([key, entry]) => [key, redactSecrets(entry)]),
  );
}
