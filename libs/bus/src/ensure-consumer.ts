/**
 * Applies a durable pull consumer declaration idempotently, like `ensureStream`: create when
 * missing, update what may change (ack wait, max deliver, max ack pending, filters, description)
 * and log it, refuse with `ConsumerConfigConflict` what may not (ack, deliver and replay policy,
 * push vs pull).
 */
import {
  type ConsumerInfo,
  type ConsumerUpdateConfig,
  DeliverPolicy,
  JetStreamApiCodes,
  type JetStreamManager,
} from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { diffConfig } from './config-diff.ts';
import { type ConsumerDefinition, planConsumer } from './consumer-definition.ts';
import type { EnsureResult } from './ensure-stream.ts';
import { ConsumerConfigConflictError, isApiError } from './errors.ts';
import { capabilitiesOf } from './server-capabilities.ts';

/** Fields nats-server refuses to update on a consumer (`checkNewConsumerConfig`). */
export const IMMUTABLE_CONSUMER_FIELDS: ReadonlySet<string> = new Set([
  'durable_name',
  'ack_policy',
  'deliver_policy',
  'replay_policy',
  'deliver_subject',
]);

export interface EnsureConsumerResult extends EnsureResult {
  /** The runner must skip subjects none of the declared filters match (2.9 fallback). */
  readonly clientSideFilter: boolean;
}

/** The durable's info, or undefined when the stream has no such consumer. */
export async function consumerInfo(jsm: JetStreamManager, stream: string, durable: string) {
  try {
    return await jsm.consumers.info(stream, durable);
  } catch (error) {
    if (isApiError(error, JetStreamApiCodes.ConsumerNotFound)) return undefined;
    throw error;
  }
}

/**
 * Deletes the durable; one already gone (another instance, starting at the same time, deleted it
 * first) is not an error.
 */
export async function deleteConsumerIfPresent(
  jsm: JetStreamManager,
  stream: string,
  durable: string,
): Promise<void> {
  try {
    await jsm.consumers.delete(stream, durable);
  } catch (error) {
    if (!isApiError(error, JetStreamApiCodes.ConsumerNotFound)) throw error;
  }
}

/**
 * Server values as the declaration spells them: one filter or several, never both; a consumer
 * created to start at a sequence (`startAtSequence`) is the declared "everything from its start".
 */
function actualFields(info: ConsumerInfo): Record<string, unknown> {
  const config = info.config;
  const filters = config.filter_subjects ?? [];
  return {
    ...config,
    deliver_policy:
      config.deliver_policy === DeliverPolicy.StartSequence
        ? DeliverPolicy.All
        : config.deliver_policy,
    filter_subject: config.filter_subject === '' ? undefined : config.filter_subject,
    filter_subjects: filters.length === 0 ? undefined : filters,
    deliver_subject: config.deliver_subject ?? undefined,
  };
}

/** Creates or updates the durable; throws `ConsumerConfigConflictError` for immutable changes. */
export async function ensureConsumer(
  jsm: JetStreamManager,
  stream: string,
  definition: ConsumerDefinition,
  options: {
    readonly logger: Logger;
    /** `nc.info?.version`: decides whether several filters are native or client-side. */
    readonly serverVersion: string | undefined;
    /**
     * Only when the consumer is created: the first stream sequence it delivers (instead of the
     * stream's first), e.g. where a consumer it replaces had acknowledged everything.
     */
    readonly startAtSequence?: number;
  },
): Promise<EnsureConsumerResult> {
  const log = options.logger.child({ stream, consumer: definition.durable });
  const capabilities = capabilitiesOf(options.serverVersion);
  const { config, clientSideFilter } = planConsumer(definition, capabilities);
  const existing = await consumerInfo(jsm, stream, definition.durable);
  if (existing === undefined) {
    const { startAtSequence } = options;
    const created =
      startAtSequence === undefined
        ? config
        : {
            ...config,
            deliver_policy: DeliverPolicy.StartSequence,
            opt_start_seq: startAtSequence,
          };
    await jsm.consumers.add(stream, created);
    log.info({ config: created, clientSideFilter }, 'consumer created');
    return { action: 'created', changes: [], clientSideFilter };
  }
  const wanted = { filter_subject: undefined, filter_subjects: undefined, ...config };
  const { changes, conflicts } = diffConfig(
    wanted,
    actualFields(existing),
    IMMUTABLE_CONSUMER_FIELDS,
  );
  if (conflicts.length > 0) {
    throw new ConsumerConfigConflictError(stream, definition.durable, conflicts);
  }
  if (changes.length === 0) return { action: 'unchanged', changes, clientSideFilter };
  // A change to `undefined` (a filter kind no longer declared) is sent as an absent key.
  const update = Object.fromEntries(changes.map((change) => [change.field, change.to]));
  await jsm.consumers.update(stream, definition.durable, update as Partial<ConsumerUpdateConfig>);
  for (const change of changes) {
    log.info({ field: change.field, from: change.from, to: change.to }, 'consumer config updated');
  }
  return { action: 'updated', changes, clientSideFilter };
}
