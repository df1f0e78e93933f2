import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeEncryptedSecret,
  looksLikeEncryptedSecret,
  redactSecrets,
} from './redact-secrets.ts';

const secret = { keyId: '0123456789abcdef', iv: 'aXY=', ciphertext: 'Y3Q=', tag: 'dGFn' };

describe('redactSecrets', () => {
  it('replaces every encrypted secret, however deep, with its key id', () => {
    const data = {
      connectionId: 'c1',
      connection: { channel: 'slack', teamId: 'T1', botToken: secret },
      keys: [secret, { nested: [secret] }],
    };
    expect(redactSecrets(data)).toEqual({
      connectionId: 'c1',
      connection: {
        channel: 'slack',
        teamId: 'T1',
        botToken: { encrypted: true, keyId: secret.keyId },
      },
      keys: [
        { encrypted: true, keyId: secret.keyId },
        { nested: [{ encrypted: true, keyId: secret.keyId }] },
      ],
    });
  });

  it('leaves lookalikes with other or missing fields alone, and does not mutate its input', () => {
    const extra = { ...secret, note: 'x' };
    const { tag: _tag, ...missing } = secret;
    const numeric = { ...secret, keyId: 1 };
    const input = { extra, missing, numeric, secret };
    const before = structuredClone(input);
    const output = redactSecrets(input) as Record<string, unknown>;
    expect(output.extra).toEqual(extra);
    expect(output.missing).toEqual(missing);
    expect(output.numeric).toEqual(numeric);
    expect(input).toEqual(before);
  });

  it('keeps a "__proto__" key as data', () => {
    const parsed: unknown = JSON.parse(`{"__proto__":{"a":1},"b":${JSON.stringify(secret)}}`);
    const output = redactSecrets(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(Object.keys(output)).toEqual(['__proto__', 'b']);
  });

  it('keeps any JSON value without secrets as it is, and never leaves a ciphertext behind', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(redactSecrets(value)).toEqual(value);
        const redacted = JSON.stringify(redactSecrets({ value, secret: { ...secret } }));
        expect(redacted).not.toContain(secret.ciphertext);
      }),
    );
  });
});

describe('describeEncryptedSecret', () => {
  it('names only the key', () => {
    expect(describeEncryptedSecret(secret)).toBe('encrypted (key 0123456789abcdef)');
  });

  it('recognises the shape', () => {
    expect(looksLikeEncryptedSecret(secret)).toBe(true);
    expect(looksLikeEncryptedSecret([secret])).toBe(false);
    expect(looksLikeEncryptedSecret(null)).toBe(false);
  });
});
