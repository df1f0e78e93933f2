/**
 * One Slack client per connection, made from the connection's bot token in the read model: read
 * in the event's tenant scope (RLS), so a tenant's events can only ever reach its own
 * connections' tokens; decrypted only in memory with the platform keyring (bound to the tenant
 * and connection), and kept for a short while. A connection that is not in the read model yet
 * is not cached, so a connection added while the service runs works at once.
 */
import { slackBotTokenContext } from '@konstruct/admin-commands';
import type { Database, Kysely } from '@konstruct/db';
import { getConnection } from '@konstruct/read-model';
import { EncryptedSecret } from '@konstruct/schemas';
import { decryptSecret, type Keyring } from '@konstruct/secrets';
import { createWebClient, type SlackApi, slackApiOf } from './slack-api.ts';

export type WorkspaceLookup =
  | { readonly kind: 'active'; readonly slack: SlackApi }
  | { readonly kind: 'removed' }
  | { readonly kind: 'unknown' };

export interface SlackWorkspaces {
  forConnection(tenantId: string, connectionId: string): Promise<WorkspaceLookup>;
}

export interface SlackWorkspacesOptions {
  readonly db: Kysely<Database>;
  readonly keyring: Keyring;
  readonly slackApiUrl: string;
  /** How long a decrypted token and its client are reused (default 60 s). */
  readonly ttlMs?: number;
  readonly now?: () => number;
}

interface Cached {
  readonly lookup: WorkspaceLookup;
  readonly until: number;
}

export function createSlackWorkspaces(options: SlackWorkspacesOptions): SlackWorkspaces {
  const { db, keyring, slackApiUrl } = options;
  const ttlMs = options.ttlMs ?? 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, Cached>();
  const load = async (tenantId: string, connectionId: string): Promise<WorkspaceLookup> => {
    let token: string | undefined;
    const connection = await getConnection(db, tenantId, connectionId, (stored) => {
      token = decryptSecret(keyring, EncryptedSecret.parse(stored), {
        context: slackBotTokenContext(tenantId, connectionId),
      });
      return 'decrypted';
    });
    if (connection === undefined || token === undefined) return { kind: 'unknown' };
    if (connection.status !== 'active') return { kind: 'removed' };
    return { kind: 'active', slack: slackApiOf(createWebClient(token, slackApiUrl)) };
  };
  return {
    async forConnection(tenantId, connectionId) {
      const key = `${tenantId}/${connectionId}`;
      const cached = cache.get(key);
      if (cached !== undefined && cached.until > now()) return cached.lookup;
      const lookup = await load(tenantId, connectionId);
      if (lookup.kind === 'unknown') cache.delete(key);
      else cache.set(key, { lookup, until: now() + ttlMs });
      return lookup;
    },
  };
}
