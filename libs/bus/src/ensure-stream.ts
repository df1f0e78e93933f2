/**
 * Applies a stream declaration idempotently: creates the stream when missing, updates the
 * fields that may change in place (limits, subjects, description) and logs each change, and
 * refuses with `StreamConfigConflict` when a field the server cannot update differs — the
 * running stream never silently diverges from its declaration.
 */
import { JetStreamApiCodes, type JetStreamManager, type StreamInfo } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { type ConfigChange, diffConfig } from './config-diff.ts';
import { isApiError, StreamConfigConflictError } from './errors.ts';
import type { StreamDefinition } from './stream-definitions.ts';

/**
 * Fields nats-server refuses to change on update (`configUpdateCheck` in 2.9): the name,
 * storage type, retention policy and max consumers. (Sealed/deny flags can only be turned on,
 * mirrors and republish not at all; the platform declares none of those.)
 */
export const IMMUTABLE_STREAM_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'storage',
  'retention',
  'max_consumers',
]);

export type EnsureAction = 'created' | 'updated' | 'unchanged';

export interface EnsureResult {
  readonly action: EnsureAction;
  readonly changes: readonly ConfigChange[];
}

const STREAM_NAME_IN_USE = 10058;

async function streamInfo(jsm: JetStreamManager, name: string): Promise<StreamInfo | undefined> {
  try {
    return await jsm.streams.info(name);
  } catch (error) {
    if (isApiError(error, JetStreamApiCodes.StreamNotFound)) return undefined;
    throw error;
  }
}

/** Creates or updates `definition`; throws `StreamConfigConflictError` for immutable changes. */
export function ensureStream(
  jsm: JetStreamManager,
  definition: StreamDefinition,
  options: { readonly logger: Logger },
): Promise<EnsureResult> {
  return reconcileStream(jsm, definition, options.logger.child({ stream: definition.name }), true);
}

async function reconcileStream(
  jsm: JetStreamManager,
  definition: StreamDefinition,
  log: Logger,
  mayRetry: boolean,
): Promise<EnsureResult> {
  const existing = await streamInfo(jsm, definition.name);
  if (existing === undefined) {
    try {
      await jsm.streams.add({ ...definition });
      log.info({ config: definition }, 'stream created');
      return { action: 'created', changes: [] };
    } catch (error) {
      // Another instance created it between our info and add: reconcile with what it made.
      if (!mayRetry || !isApiError(error, STREAM_NAME_IN_USE)) throw error;
      return reconcileStream(jsm, definition, log, false);
    }
  }
  const { changes, conflicts } = diffConfig(
    definition,
    existing.config as unknown as Record<string, unknown>,
    IMMUTABLE_STREAM_FIELDS,
  );
  if (conflicts.length > 0) throw new StreamConfigConflictError(definition.name, conflicts);
  if (changes.length === 0) return { action: 'unchanged', changes };
  const update = Object.fromEntries(changes.map((change) => [change.field, change.to]));
  await jsm.streams.update(definition.name, update);
  for (const change of changes) {
    log.info({ field: change.field, from: change.from, to: change.to }, 'stream config updated');
  }
  return { action: 'updated', changes };
}
