/**
 * What an admin CLI command works with: the command shell's dependencies (NATS publisher, the
 * admin KV bucket, the keyring when the secret key is configured), the app-role read model, and
 * read-your-writes: `settle(sequence)` returns only once the read model shows the write.
 */
import { userInfo } from 'node:os';
import type { AdminStoreDeps } from '@konstruct/admin-commands';
import { createPublisher } from '@konstruct/bus';
import type { PlatformConfig } from '@konstruct/config';
import type { Database, Kysely } from '@konstruct/db';
import { openAdminBucket } from '@konstruct/event-store';
import type { Logger } from '@konstruct/observability';
import { waitForProjection } from '@konstruct/projections';
import type { PlatformReader } from '@konstruct/read-model';
import { ensurePlatformStreams, openAppDatabase } from '@konstruct/runtime';
import { EncryptedSecret, subjectsFor } from '@konstruct/schemas';
import {
  decryptSecret,
  describeEncryptedSecret,
  type Keyring,
  keyringFromEnv,
  maskSecret,
} from '@konstruct/secrets';
import { withNats } from './cli-connections.ts';

export interface AdminContext {
  readonly store: AdminStoreDeps;
  readonly db: Kysely<Database>;
  readonly logger: Logger;
  readonly reader: PlatformReader;
  readonly keyring: Keyring | undefined;
  /** Waits until the read model has applied stream sequence `sequence`. */
  settle(sequence: number): Promise<void>;
  /** How a stored (encrypted) secret is shown: masked when the key is here, else by key id. */
  showSecret(stored: unknown, context: string): string;
}

export function withAdminContext<T>(
  config: PlatformConfig,
  env: NodeJS.ProcessEnv,
  reason: string,
  work: (context: AdminContext) => Promise<T>,
): Promise<T> {
  return withNats(config, async (nats, logger) => {
    await ensurePlatformStreams(nats, config, logger);
    const subjects = subjectsFor(config.KONSTRUCT_NAMESPACE);
    const bucket = await openAdminBucket(nats, subjects, config.KONSTRUCT_STREAM_REPLICAS);
    const publisher = createPublisher({ nc: nats, subjects, logger });
    const db = await openAppDatabase(config, 'konstruct-cli', { poolSize: 2, logger });
    const keyring =
      env.KONSTRUCT_SECRET_KEY === undefined || env.KONSTRUCT_SECRET_KEY === ''
        ? undefined
        : keyringFromEnv(env);
    try {
      return await work({
        store: { nc: nats, subjects, publisher, bucket },
        db,
        logger,
        reader: { actor: `cli:${userInfo().username}`, reason },
        keyring,
        settle: (sequence) => waitForProjection(db, sequence, { timeoutMs: 10_000 }),
        showSecret: (stored, context) => {
          const secret = EncryptedSecret.safeParse(stored);
          if (!secret.success) return '(unreadable)';
          if (keyring === undefined) return describeEncryptedSecret(secret.data);
          try {
            return maskSecret(decryptSecret(keyring, secret.data, { context }));
          } catch {
            // e.g. encrypted under a key this machine does not have: show which key, not a failure
            return describeEncryptedSecret(secret.data);
          }
        },
      });
    } finally {
      await db.destroy();
    }
  });
}
