export { openAdminBucket } from './admin-bucket.ts';
export {
  type AggregateStoreDeps,
  appendToAggregate,
  type LoadedAggregate,
  loadAggregate,
} from './aggregate-store.ts';
export { EventStoreError, type EventStoreErrorCode } from './event-store-errors.ts';
export { type EventsOfTypeQuery, readEventsOfType, subjectOfType } from './events-of-type.ts';
export {
  createEventsOfTypeCache,
  type EventsOfTypeCache,
  type EventsOfTypeCacheOptions,
  type ReadEventsOfType,
} from './events-of-type-cache.ts';
export {
  type ReadStreamOptions,
  readStream,
  type StreamEntry,
  type StreamStart,
  streamLastSequence,
} from './read-stream.ts';
export {
  type ReadSubjectSliceOptions,
  readLastOnSubject,
  readSubjectSlice,
  supportsBatchDirectGet,
} from './read-subject-slice.ts';
export {
  ClaimHolder,
  type ClaimResult,
  claimUnique,
  releaseClaim,
  takeOverClaim,
} from './uniqueness-claims.ts';
