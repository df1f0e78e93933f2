/**
 * A tenant's own provider keys (LLM-04): encrypted at rest, decrypted here only in memory for
 * the one call that needs them, and preferred over the platform key. The plaintext is never
 * logged, stored or put in an error message.
 */
import type { EncryptedSecret } from '@konstruct/schemas';
import { decryptSecret, type Keyring } from '@konstruct/secrets';
import { LlmError } from './llm-error.ts';
import type { ProviderName } from './llm-result.ts';

export interface TenantKeys {
  readonly keyring: Keyring;
  readonly secrets: Partial<Record<ProviderName, EncryptedSecret>>;
}

export interface ApiKeyChoice {
  readonly apiKey: string | undefined;
  readonly keySource: 'platform' | 'tenant';
}

/** The secret context a tenant's key for `provider` is encrypted under. */
export function tenantKeyContext(tenantId: string, provider: ProviderName): string {
  return `${tenantId}:llm-api-key:${provider}`;
}

export function chooseApiKey(
  provider: ProviderName,
  platformKey: string | undefined,
  tenantId: string,
  tenantKeys: TenantKeys | undefined,
): ApiKeyChoice {
  const secret = tenantKeys?.secrets[provider];
  if (tenantKeys === undefined || secret === undefined)
    return { apiKey: platformKey, keySource: 'platform' };
  try {
    const apiKey = decryptSecret(tenantKeys.keyring, secret, {
      context: tenantKeyContext(tenantId, provider),
    });
    return { apiKey, keySource: 'tenant' };
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unknown reason';
    throw new LlmError('auth', `the tenant's ${provider} key could not be decrypted: ${reason}`, {
      provider,
      cause: error,
    });
  }
}
