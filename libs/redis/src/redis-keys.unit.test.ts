import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeKeyParts } from './key-part.ts';
import { type RedisKey, RedisKeyError, redisKeys } from './redis-keys.ts';

const keys = redisKeys('konstruct');

/**
 * Small alphabets rich in separators and escape characters make near-collisions (the cases a
 * naive `join(':')` gets wrong) frequent; the binary strings cover everything else.
 */
const tenantId = fc.oneof(
  fc.stringMatching(/^[at][at_-]{0,2}$/),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/),
);
const kind = fc.oneof(
  fc.stringMatching(/^[at][at-]{0,2}$/),
  fc.stringMatching(/^[a-z][a-z0-9_-]{0,11}$/),
);
const tricky = fc.string({
  unit: fc.constantFrom('a', 't', ':', '%', '3', 'A', '*', '{', '-'),
  maxLength: 6,
});
const part = fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 12 }));
const parts = fc.array(part, { maxLength: 4 });
const tuple = fc.tuple(tenantId, kind, parts);

/** Glob match as Redis SCAN MATCH does it, for the patterns the builder makes. */
function matches(pattern: string, key: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${source}$`, 's').test(key);
}

describe('redisKeys', () => {
  it('spells tenant keys as <namespace>:t:<tenantId>:<kind>:<part>…', () => {
    expect(keys.tenantKey('acme', 'engaged-thread', 'C01', '1712345678.000100')).toBe(
      'konstruct:t:acme:engaged-thread:C01:1712345678.000100',
    );
    expect(keys.tenantKey('acme', 'rate-limit')).toBe('konstruct:t:acme:rate-limit');
  });

  it('encodes parts so input cannot forge another key', () => {
    const forged = keys.tenantKey('acme', 'cache', 'x:t:other:cache:y');
    expect(forged).toBe('konstruct:t:acme:cache:x%3At%3Aother%3Acache%3Ay');
    expect(keys.tenantKey('acme', 'cache', '*')).toBe('konstruct:t:acme:cache:%2A');
    expect(keys.tenantKey('acme', 'cache', '{acme}')).toBe('konstruct:t:acme:cache:%7Bacme%7D');
  });

  it('never gives two distinct (tenant, kind, parts) tuples the same key', () => {
    fc.assert(
      fc.property(tuple, tuple, ([t1, k1, p1], [t2, k2, p2]) => {
        const same = t1 === t2 && k1 === k2 && JSON.stringify(p1) === JSON.stringify(p2);
        fc.pre(!same);
        expect(keys.tenantKey(t1, k1, ...p1)).not.toBe(keys.tenantKey(t2, k2, ...p2));
      }),
    );
  });

  it('keeps parts apart from each other and from the tenant and kind', () => {
    fc.assert(
      fc.property(tenantId, kind, fc.array(tricky, { minLength: 2, maxLength: 4 }), (t, k, p) => {
        expect(keys.tenantKey(t, k, ...p)).not.toBe(keys.tenantKey(t, k, p.join(':')));
        expect(keys.tenantKey(t, k, ...p)).not.toBe(keys.tenantKey(t, k, `${p[0]}:${p[1]}`));
      }),
    );
  });

  it("matches a tenant's keys with its pattern and no other tenant's", () => {
    fc.assert(
      fc.property(tuple, tenantId, ([owner, k, p], other) => {
        const key = keys.tenantKey(owner, k, ...p);
        expect(matches(keys.tenantKeyPattern(owner), key)).toBe(true);
        expect(matches(keys.tenantKeyPattern(other), key)).toBe(owner === other);
      }),
    );
  });

  it('gives a prefix that, with the encoded parts a library appends, is the tenant key', () => {
    fc.assert(
      fc.property(tenantId, kind, parts, (t, k, p) => {
        fc.pre(p.length > 0);
        const assembled = `${keys.tenantKeyPrefix(t, k)}:${encodeKeyParts(p)}`;
        expect(assembled).toBe(keys.tenantKey(t, k, ...p));
      }),
    );
  });

  it('keeps platform keys apart from every tenant key', () => {
    expect(keys.platformKey('leader', 'projector')).toBe('konstruct:platform:leader:projector');
    fc.assert(
      fc.property(tuple, kind, parts, ([t, k, p], pk, pp) => {
        const platform = keys.platformKey(pk, ...pp);
        expect(platform).not.toBe(keys.tenantKey(t, k, ...p));
        expect(matches(keys.tenantKeyPattern(t), platform)).toBe(false);
      }),
    );
  });

  it('matches every key of the namespace, and only those, with the namespace pattern', () => {
    const other = redisKeys('konstruct2');
    const pattern = keys.namespaceKeyPattern();
    expect(matches(pattern, keys.tenantKey('acme', 'x'))).toBe(true);
    expect(matches(pattern, keys.platformKey('x'))).toBe(true);
    expect(matches(pattern, other.tenantKey('acme', 'x'))).toBe(false);
  });

  it.each(['', 'Konstruct', 'a:b', 'a*', '1abc', 'x'.repeat(32)])(
    'refuses the namespace %j',
    (namespace) => {
      expect(() => redisKeys(namespace)).toThrow(RedisKeyError);
    },
  );

  it.each(['', 'a:b', 'a*', '-a', 'a b', '{a}', 'x'.repeat(65)])(
    'refuses the tenant id %j everywhere it is used',
    (bad) => {
      expect(() => keys.tenantKey(bad, 'k')).toThrow(RedisKeyError);
      expect(() => keys.tenantKeyPattern(bad)).toThrow(RedisKeyError);
      expect(() => keys.tenantKeyPrefix(bad, 'k')).toThrow(RedisKeyError);
    },
  );

  it.each(['', 'A', 'a:b', 'a*', '1a'])('refuses the kind %j', (bad) => {
    expect(() => keys.tenantKey('acme', bad)).toThrow(RedisKeyError);
    expect(() => keys.platformKey(bad)).toThrow(RedisKeyError);
  });

  it('brands keys so a plain string is not a RedisKey', () => {
    const takesKey = (key: RedisKey) => key;
    expect(takesKey(keys.tenantKey('acme', 'k'))).toBe('konstruct:t:acme:k');
    // @ts-expect-error a hand-written string is not a RedisKey
    takesKey('konstruct:t:acme:k');
  });
});
