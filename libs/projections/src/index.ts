/**
 * @konstruct/projections — the Postgres read model as projections of the events stream: one
 * module per projection (pure event → row mapping plus idempotent SQL), the batched live apply
 * loop (`startProjector`), `rebuildProjections`, `projectionStatus` and `waitForProjection`
 * (read your own writes). Other packages import only from here.
 */
export { agentsProjection } from './agents-projection.ts';
export { channelConnectionsProjection } from './channel-connections-projection.ts';
export { type Checkpoints, checkpointFloor, readCheckpoints } from './checkpoints.ts';
export { conversationsProjection } from './conversations-projection.ts';
export { membersProjection } from './members-projection.ts';
export {
  defineProjection,
  type EventOfType,
  type ProjectedEvent,
  type Projection,
  type ProjectionSpec,
  type ProjectionTable,
} from './projection.ts';
export {
  ProjectionError,
  type ProjectionErrorCode,
  type ProjectionPosition,
  ProjectionTimeoutError,
} from './projection-errors.ts';
export { projectionLockKey } from './projection-lock.ts';
export { allProjections, projectionNames, selectProjections } from './projection-registry.ts';
export {
  type ProjectionStanding,
  type ProjectionStatus,
  projectionStatus,
} from './projection-status.ts';
export {
  DEFAULT_BATCH_SIZE,
  DEFAULT_MAX_ATTEMPTS,
  type ProjectorOptions,
  type RunningProjector,
  startProjector,
} from './projector.ts';
export { projectorConsumerDefinition } from './projector-consumer.ts';
export { PROJECTOR_CONSUMER } from './projector-dead-letters.ts';
export {
  noopProjectorMetrics,
  type ProjectorMetrics,
  type ProjectorOutcome,
} from './projector-metrics.ts';
export {
  type RebuildOptions,
  type RebuildResult,
  rebuildProjections,
  type SkippedEvent,
} from './rebuild.ts';
export { tenantsProjection } from './tenants-projection.ts';
export { usageProjection } from './usage-projection.ts';
export { type WaitForProjectionOptions, waitForProjection } from './wait-for-projection.ts';
