/**
 * Reuses SDK clients across calls for platform keys (building one costs more than a streamed
 * token's worth of work), keyed by base URL and key. A tenant's key gets a client for that call
 * only, so the decrypted key is not kept once the call ends.
 */
import type { ProviderCall } from '../provider-adapter.ts';

export function clientCache<C>(create: (call: ProviderCall) => C): (call: ProviderCall) => C {
  const clients = new Map<string, C>();
  return (call) => {
    if (call.keySource === 'tenant') return create(call);
    const key = `${call.baseUrl ?? ''}\u0000${call.apiKey ?? ''}`;
    let client = clients.get(key);
    if (client === undefined) {
      client = create(call);
      clients.set(key, client);
    }
    return client;
  };
}
