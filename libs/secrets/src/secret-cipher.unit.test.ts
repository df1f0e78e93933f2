import { randomBytes } from 'node:crypto';
import { EncryptedSecret } from '@konstruct/schemas';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKeyring } from './keyring.ts';
import {
  decryptSecret,
  encryptSecret,
  needsReencryption,
  reencryptSecret,
} from './secret-cipher.ts';
import { isSecretError, type SecretError, type SecretErrorCode } from './secret-error.ts';

const newKey = () => randomBytes(32).toString('base64');
const keyring = createKeyring({ current: newKey() });
const botToken = { context: 'tenant-a:slack-bot-token' };
const TOKEN = 'xoxb-1234567890-abcdefghijklmnop';

function secretErrorOf(run: () => unknown, code: SecretErrorCode): SecretError {
  try {
    run();
  } catch (error) {
    if (isSecretError(error, code)) return error;
    throw error;
  }
  throw new Error(`expected a SecretError ${code}`);
}

/** Flips one bit of a base64 field. */
function flipBit(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  return bytes.toString('base64');
}

describe('encryptSecret / decryptSecret', () => {
  it('round-trips any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ minLength: 1 }), (text, context) => {
        const secret = encryptSecret(keyring, text, { context });
        expect(decryptSecret(keyring, secret, { context })).toBe(text);
      }),
    );
  });

  it('produces the EncryptedSecret of the event contract, under the current key', () => {
    const secret = encryptSecret(keyring, TOKEN, botToken);
    expect(EncryptedSecret.parse(secret)).toEqual(secret);
    expect(secret.keyId).toBe(keyring.currentKeyId);
    expect(Buffer.from(secret.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(secret.tag, 'base64')).toHaveLength(16);
    expect(JSON.stringify(secret)).not.toContain(TOKEN);
  });

  it('uses a fresh IV for every encryption', () => {
    const ivs = new Set<string>();
    for (let i = 0; i < 2_000; i += 1) ivs.add(encryptSecret(keyring, TOKEN, botToken).iv);
    expect(ivs.size).toBe(2_000);
  });

  it('does not decrypt a secret copied to another tenant or purpose', () => {
    const secret = encryptSecret(keyring, TOKEN, botToken);
    for (const context of ['tenant-b:slack-bot-token', 'tenant-a:openai-api-key']) {
      const error = secretErrorOf(
        () => decryptSecret(keyring, secret, { context }),
        'SecretDecryptionFailed',
      );
      expect(error.message).not.toContain(TOKEN);
      expect(error.message).not.toContain(secret.ciphertext);
    }
  });

  it.each(['ciphertext', 'tag', 'iv'] as const)('does not decrypt a tampered %s', (field) => {
    const secret = encryptSecret(keyring, TOKEN, botToken);
    const tampered = { ...secret, [field]: flipBit(secret[field]) };
    secretErrorOf(() => decryptSecret(keyring, tampered, botToken), 'SecretDecryptionFailed');
  });

  it('refuses a truncated tag or an IV of the wrong length', () => {
    const secret = encryptSecret(keyring, TOKEN, botToken);
    const shortTag = Buffer.from(secret.tag, 'base64').subarray(0, 4).toString('base64');
    secretErrorOf(
      () => decryptSecret(keyring, { ...secret, tag: shortTag }, botToken),
      'SecretDecryptionFailed',
    );
    const longIv = randomBytes(16).toString('base64');
    secretErrorOf(
      () => decryptSecret(keyring, { ...secret, iv: longIv }, botToken),
      'SecretDecryptionFailed',
    );
  });

  it('fails with UnknownSecretKey for a key the keyring does not hold, naming the fix', () => {
    const secret = encryptSecret(createKeyring({ current: newKey() }), TOKEN, botToken);
    const error = secretErrorOf(() => decryptSecret(keyring, secret, botToken), 'UnknownSecretKey');
    expect(error.message).toContain(secret.keyId);
    expect(error.message).toContain('KONSTRUCT_SECRET_KEYS_PREVIOUS');
  });

  it('refuses an empty context (a programming error)', () => {
    expect(() => encryptSecret(keyring, TOKEN, { context: '' })).toThrow(TypeError);
  });
});

describe('key rotation', () => {
  const [oldKey, newCurrent] = [newKey(), newKey()];
  const before = createKeyring({ current: oldKey });
  const after = createKeyring({ current: newCurrent, previous: [oldKey] });

  it('decrypts a secret encrypted with a key now among the previous keys', () => {
    const secret = encryptSecret(before, TOKEN, botToken);
    expect(decryptSecret(after, secret, botToken)).toBe(TOKEN);
  });

  it('re-encrypts a secret under the current key', () => {
    const secret = encryptSecret(before, TOKEN, botToken);
    expect(needsReencryption(after, secret)).toBe(true);
    const moved = reencryptSecret(after, secret, botToken);
    expect(moved.keyId).toBe(after.currentKeyId);
    expect(needsReencryption(after, moved)).toBe(false);
    const oldKeyRetired = createKeyring({ current: newCurrent });
    expect(decryptSecret(oldKeyRetired, moved, botToken)).toBe(TOKEN);
  });
});
