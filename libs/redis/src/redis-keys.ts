/**
 * The one place Redis keys are spelled. Every tenant key is
 * `<namespace>:t:<tenantId>:<kind>[:<part>…]`, with each part encoded (see `key-part.ts`), so
 * distinct (tenant, kind, parts) never share a key and a tenant's keys are exactly those under
 * `<namespace>:t:<tenantId>:`. Keys with no tenant exist only through `platformKey`, spelled
 * `<namespace>:platform:<kind>[:<part>…]`, for state that truly belongs to no tenant (e.g. a
 * leader lock); they can never collide with or be matched as a tenant's keys.
 */
import { isValidNamespace } from '@konstruct/config';
import { encodeKeyParts } from './key-part.ts';

declare const keyBrand: unique symbol;
/** A key made by this builder; functions that touch Redis should require it, not `string`. */
export type RedisKey = string & { readonly [keyBrand]: 'RedisKey' };
/** A SCAN `MATCH` pattern made by this builder. */
export type RedisKeyPattern = string & { readonly [keyBrand]: 'RedisKeyPattern' };
/** A prefix for libraries that append their own `:<key>` (rate-limiter-flexible's `keyPrefix`). */
export type RedisKeyPrefix = string & { readonly [keyBrand]: 'RedisKeyPrefix' };

/** Tenant ids go into keys and SCAN patterns unencoded, so they must be plain tokens. */
export const TENANT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** Kinds are code constants naming what a key holds (`rate-limit`, `engaged-thread`). */
export const KEY_KIND_PATTERN = /^[a-z][a-z0-9_-]{0,47}$/;

export class RedisKeyError extends Error {
  readonly code = 'InvalidRedisKey';

  constructor(message: string) {
    super(message);
    this.name = 'RedisKeyError';
  }
}

export interface RedisKeyBuilder {
  readonly namespace: string;
  /** `<namespace>:t:<tenantId>:<kind>[:<part>…]` */
  tenantKey(tenantId: string, kind: string, ...parts: readonly string[]): RedisKey;
  /**
   * `<namespace>:t:<tenantId>:<kind>`, no trailing `:`, for a library that appends `:<key>`
   * itself; pass it `encodeKeyParts([...])` as the key, and the result equals `tenantKey`.
   */
  tenantKeyPrefix(tenantId: string, kind: string): RedisKeyPrefix;
  /** Matches every key of one tenant, and nothing else: `<namespace>:t:<tenantId>:*`. */
  tenantKeyPattern(tenantId: string): RedisKeyPattern;
  /** `<namespace>:platform:<kind>[:<part>…]`: the only key without a tenant. */
  platformKey(kind: string, ...parts: readonly string[]): RedisKey;
  /** Matches every key of the namespace (test cleanup, decommissioning): `<namespace>:*`. */
  namespaceKeyPattern(): RedisKeyPattern;
}

export function redisKeys(namespace: string): RedisKeyBuilder {
  if (!isValidNamespace(namespace)) {
    throw new RedisKeyError(`invalid namespace ${JSON.stringify(namespace)}`);
  }
  const tenantRoot = (tenantId: string) => `${namespace}:t:${checkTenantId(tenantId)}`;
  const withParts = (head: string, parts: readonly string[]) =>
    parts.length === 0 ? head : `${head}:${encodeKeyParts(parts)}`;
  return {
    namespace,
    tenantKey: (tenantId, kind, ...parts) =>
      withParts(`${tenantRoot(tenantId)}:${checkKind(kind)}`, parts) as RedisKey,
    tenantKeyPrefix: (tenantId, kind) =>
      `${tenantRoot(tenantId)}:${checkKind(kind)}` as RedisKeyPrefix,
    tenantKeyPattern: (tenantId) => `${tenantRoot(tenantId)}:*` as RedisKeyPattern,
    platformKey: (kind, ...parts) =>
      withParts(`${namespace}:platform:${checkKind(kind)}`, parts) as RedisKey,
    namespaceKeyPattern: () => `${namespace}:*` as RedisKeyPattern,
  };
}

export function isValidTenantId(tenantId: string): boolean {
  return TENANT_ID_PATTERN.test(tenantId);
}

function checkTenantId(tenantId: string): string {
  if (!isValidTenantId(tenantId)) {
    throw new RedisKeyError(`invalid tenant id ${JSON.stringify(tenantId)} for a Redis key`);
  }
  return tenantId;
}

function checkKind(kind: string): string {
  if (!KEY_KIND_PATTERN.test(kind)) {
    throw new RedisKeyError(`invalid Redis key kind ${JSON.stringify(kind)}`);
  }
  return kind;
}
