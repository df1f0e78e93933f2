/**
 * Reuses SDK clients across calls for platform keys (building one costs more than a streamed
 * token's worth of work), keyed by base URL and key. A tenant's key gets a client for that call
 * only, so the decrypted key is not kept once the call ends.
 */
import type { ProviderCall } from '../provider-adapter.ts';

export function clientCache<C>(create: (call: ProviderCall) => C): (call: ProviderCall) => C {
  // base URL → key → client: two lookups on the config's own strings, no key built per call
  const clients = new Map<string | undefined, Map<string | undefined, C>>();
  return (call) => {
    if (call.keySource === 'tenant') return create(call);
    let byKey = clients.get(call.baseUrl);
    if (byKey === undefined) {
      byKey = new Map();
      clients.set(call.baseUrl, byKey);
    }
    let client = byKey.get(call.apiKey);
    if (client === undefined) {
      client = create(call);
      byKey.set(call.apiKey, client);
    }
    return client;
  };
}
