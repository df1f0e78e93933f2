/**
 * @konstruct/bus — the JetStream bus every service uses: connect, declare streams and consumers,
 * publish validated events, and run handlers over durable consumers.
 *
 * Idempotent reactions: a handler that emits an event in reaction to its input builds it with
 * `createReaction(definition, input, purpose, data)` (re-exported here from @konstruct/schemas).
 * Its id is `deriveEventId(input.id, purpose)`, and the publisher uses the event id as the
 * JetStream message id, so when the input is redelivered the republished reaction falls into the
 * duplicate window and is stored once (`publish` returns `duplicate: true`).
 */
export { createReaction, deriveEventId } from '@konstruct/schemas';
export type { BusEvent, EventRegistry, KonstructEvent } from './bus-event.ts';
export { BusHeaders, eventHeaders, headersToRecord } from './bus-headers.ts';
export { type ConfigChange, diffConfig } from './config-diff.ts';
export { type BusTlsOptions, type ConnectBusOptions, connectBus } from './connect-bus.ts';
export { describeStatus, type StatusLine } from './connection-status.ts';
export {
  type ConsumerDefinition,
  type ManagedConsumerConfig,
  type PlannedConsumer,
  planConsumer,
} from './consumer-definition.ts';
export { type ConsumerRunner, type RunConsumerOptions, runConsumer } from './consumer-runner.ts';
export {
  DeadLetterRecord,
  deadLetterMsgId,
  deadLetterRecord,
  deadLetterTenant,
} from './dead-letter.ts';
export {
  consumerInfo,
  deleteConsumerIfPresent,
  type EnsureConsumerResult,
  ensureConsumer,
  IMMUTABLE_CONSUMER_FIELDS,
} from './ensure-consumer.ts';
export {
  type EnsureAction,
  type EnsureResult,
  ensureStream,
  IMMUTABLE_STREAM_FIELDS,
} from './ensure-stream.ts';
export {
  BusError,
  type BusErrorCode,
  type ConfigConflict,
  ConsumerConfigConflictError,
  InvalidEventError,
  isBusError,
  StreamConfigConflictError,
} from './errors.ts';
export type { HandlerContext } from './handler-context.ts';
export {
  backoffDelay,
  type DeadLetterCode,
  type HandlerOutcome,
  Outcome,
  type RetryPolicy,
  type Settlement,
  settlementOf,
} from './handler-outcome.ts';
export { inOrderPerKey } from './in-order-per-key.ts';
export type { Handler } from './message-processor.ts';
export { type BusMetrics, type ConsumeOutcome, noopMetrics } from './metrics.ts';
export { mapWithWindow } from './pipeline.ts';
export {
  createPublisher,
  type Publisher,
  type PublisherOptions,
  type PublishManyOptions,
  type PublishOptions,
  type PublishResult,
} from './publisher.ts';
export {
  capabilitiesOf,
  parseServerVersion,
  type ServerCapabilities,
  type ServerVersion,
} from './server-capabilities.ts';
export { type NatsServerInfo, natsServerInfo } from './server-info.ts';
export { silentLogger } from './silent-logger.ts';
export {
  deadLetterStreamConfig,
  eventStreamConfig,
  type StreamDefinition,
  type StreamLimits,
} from './stream-definitions.ts';
export { compileSubjectFilter, coveringSubject, subjectMatches } from './subject-match.ts';
export { ensureConsumersSucceeding } from './succeed-consumer.ts';
