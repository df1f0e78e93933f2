import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyring, keyringFromEnv, secretKeyId } from './keyring.ts';
import { isSecretError, type SecretError, type SecretErrorCode } from './secret-error.ts';

const newKey = () => randomBytes(32).toString('base64');

function secretErrorOf(run: () => unknown, code: SecretErrorCode): SecretError {
  try {
    run();
  } catch (error) {
    if (isSecretError(error, code)) return error;
    throw error;
  }
  throw new Error(`expected a SecretError ${code}`);
}

describe('createKeyring', () => {
  it('names each key by the first 16 hex chars of SHA-256 of its bytes', () => {
    const key = newKey();
    const keyring = createKeyring({ current: key });
    expect(keyring.currentKeyId).toMatch(/^[0-9a-f]{16}$/);
    expect(keyring.currentKeyId).toBe(secretKeyId(Buffer.from(key, 'base64')));
    expect(createKeyring({ current: key }).currentKeyId).toBe(keyring.currentKeyId);
  });

  it('holds the current key first, then the previous keys, each once', () => {
    const [current, old] = [newKey(), newKey()];
    const keyring = createKeyring({ current, previous: [old, current, old] });
    expect(keyring.keyIds).toHaveLength(2);
    expect(keyring.keyIds[0]).toBe(keyring.currentKeyId);
    expect(keyring.keyFor(keyring.keyIds[1] ?? '')).toEqual(Buffer.from(old, 'base64'));
  });

  it('refuses a key that is not 32 bytes, with the fix and without the key', () => {
    const short = randomBytes(16).toString('base64');
    const error = secretErrorOf(() => createKeyring({ current: short }), 'InvalidSecretKey');
    expect(error.message).toContain('openssl rand -base64 32');
    expect(error.message).toContain('16 bytes');
    expect(error.message).not.toContain(short);
  });

  it('refuses a key that is not base64', () => {
    const error = secretErrorOf(() => createKeyring({ current: 'not a key!' }), 'InvalidSecretKey');
    expect(error.message).toContain('openssl rand -base64 32');
  });

  it('names which previous key is invalid', () => {
    const error = secretErrorOf(
      () => createKeyring({ current: newKey(), previous: [newKey(), 'c2hvcnQ='] }),
      'InvalidSecretKey',
    );
    expect(error.message).toContain('previous secret key #2');
  });

  it('never shows key bytes when logged or serialised', () => {
    const key = newKey();
    const keyring = createKeyring({ current: key });
    expect(JSON.stringify(keyring)).not.toContain(key);
    expect(JSON.stringify(keyring)).not.toContain(Buffer.from(key, 'base64').toString('hex'));
  });
});

describe('keyringFromEnv', () => {
  it('reads KONSTRUCT_SECRET_KEY and the comma-separated previous keys', () => {
    const [current, old1, old2] = [newKey(), newKey(), newKey()];
    const keyring = keyringFromEnv({
      KONSTRUCT_SECRET_KEY: current,
      KONSTRUCT_SECRET_KEYS_PREVIOUS: ` ${old1} ,,${old2},`,
    });
    expect(keyring.currentKeyId).toBe(createKeyring({ current }).currentKeyId);
    expect(keyring.keyIds).toHaveLength(3);
  });

  it.each([{}, { KONSTRUCT_SECRET_KEY: '' }, { KONSTRUCT_SECRET_KEY: '  ' }])(
    'fails with MissingSecretKey naming the variable and the fix (%o)',
    (env) => {
      const error = secretErrorOf(() => keyringFromEnv(env), 'MissingSecretKey');
      expect(error.message).toContain('KONSTRUCT_SECRET_KEY');
      expect(error.message).toContain('openssl rand -base64 32');
    },
  );

  it('names the variable of an invalid key', () => {
    const current = secretErrorOf(
      () => keyringFromEnv({ KONSTRUCT_SECRET_KEY: 'c2hvcnQ=' }),
      'InvalidSecretKey',
    );
    expect(current.message).toContain('KONSTRUCT_SECRET_KEY');
    const previous = secretErrorOf(
      () => keyringFromEnv({ KONSTRUCT_SECRET_KEY: newKey(), KONSTRUCT_SECRET_KEYS_PREVIOUS: 'x' }),
      'InvalidSecretKey',
    );
    expect(previous.message).toContain('KONSTRUCT_SECRET_KEYS_PREVIOUS entry #1');
  });
});
