/**
 * The keys secrets are encrypted with: one current key (every new encryption) and any number of
 * previous keys (still decrypt what they encrypted, so keys rotate without downtime). A key is
 * known by its id, the first 16 hex chars of SHA-256 of its bytes: stable across restarts and
 * machines, and it reveals nothing about the key. The key bytes live in a closure, so logging or
 * serialising a keyring never prints them.
 */
import { createHash } from 'node:crypto';
import { SecretError } from './secret-error.ts';

export const SECRET_KEY_BYTES = 32;
export const SECRET_KEY_VARIABLE = 'KONSTRUCT_SECRET_KEY';
export const PREVIOUS_SECRET_KEYS_VARIABLE = 'KONSTRUCT_SECRET_KEYS_PREVIOUS';
const KEY_FIX = 'generate one with `openssl rand -base64 32`';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export interface Keyring {
  /** The id of the key new secrets are encrypted with. */
  readonly currentKeyId: string;
  /** Every key id this keyring can decrypt with, current first. */
  readonly keyIds: readonly string[];
  /** The key bytes for `keyId`, or undefined when this keyring does not hold it. */
  readonly keyFor: (keyId: string) => Buffer | undefined;
}

export interface KeyringKeys {
  /** The current key: 32 random bytes, standard base64. */
  readonly current: string;
  /** Keys being rotated out: still decrypt, never encrypt. */
  readonly previous?: readonly string[] | undefined;
}

/** The stable, non-secret id of a key: the first 16 hex chars of SHA-256 of its bytes. */
export function secretKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** Throws `InvalidSecretKey` (naming `label`, never the value) unless `text` is a 32-byte key. */
function decodeKey(text: string, label: string): Buffer {
  const trimmed = text.trim();
  if (!BASE64.test(trimmed) || trimmed.length === 0) {
    throw new SecretError('InvalidSecretKey', `${label} is not valid base64; ${KEY_FIX}`);
  }
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== SECRET_KEY_BYTES) {
    throw new SecretError(
      'InvalidSecretKey',
      `${label} decodes to ${key.length} bytes but must be exactly ${SECRET_KEY_BYTES}; ${KEY_FIX}`,
    );
  }
  return key;
}

interface LabelledKey {
  readonly text: string;
  readonly label: string;
}

function buildKeyring(current: LabelledKey, previous: readonly LabelledKey[]): Keyring {
  const keys = new Map<string, Buffer>();
  for (const { text, label } of [current, ...previous]) {
    const key = decodeKey(text, label);
    const keyId = secretKeyId(key);
    if (!keys.has(keyId)) keys.set(keyId, key);
  }
  const keyIds = Object.freeze([...keys.keys()]);
  const currentKeyId = keyIds[0] ?? '';
  return Object.freeze({
    currentKeyId,
    keyIds,
    keyFor: (keyId: string) => keys.get(keyId),
  });
}

/**
 * A keyring from base64 keys. Throws `InvalidSecretKey` when a key is not base64 or does not
 * decode to exactly 32 bytes. A previous key equal to the current one is ignored.
 */
export function createKeyring(keys: KeyringKeys): Keyring {
  const previous = (keys.previous ?? []).map((text, index) => ({
    text,
    label: `previous secret key #${index + 1}`,
  }));
  return buildKeyring({ text: keys.current, label: 'the current secret key' }, previous);
}

/**
 * The keyring from the environment: `KONSTRUCT_SECRET_KEY` (required; `MissingSecretKey` when
 * unset or empty) and `KONSTRUCT_SECRET_KEYS_PREVIOUS` (optional, comma-separated, for rotation).
 */
export function keyringFromEnv(env: Readonly<Record<string, string | undefined>>): Keyring {
  const current = env[SECRET_KEY_VARIABLE]?.trim() ?? '';
  if (current === '') {
    throw new SecretError(
      'MissingSecretKey',
      `${SECRET_KEY_VARIABLE} is not set; set it to 32 random bytes in base64 (${KEY_FIX})`,
    );
  }
  const previous = (env[PREVIOUS_SECRET_KEYS_VARIABLE] ?? '')
    .split(',')
    .map((text) => text.trim())
    .filter((text) => text !== '')
    .map((text, index) => ({
      text,
      label: `${PREVIOUS_SECRET_KEYS_VARIABLE} entry #${index + 1}`,
    }));
  return buildKeyring({ text: current, label: SECRET_KEY_VARIABLE }, previous);
}
