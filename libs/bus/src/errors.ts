/**
 * Expected failures of the bus, as typed errors with a stable `code` the edge can map to an exit
 * code, a log line or a retry. Unexpected failures (a broken connection mid-call) are rethrown
 * as they come, with context in `cause`.
 */
import { JetStreamApiError } from '@nats-io/jetstream';

export type BusErrorCode =
  | 'InvalidEvent'
  | 'StreamConfigConflict'
  | 'ConsumerConfigConflict'
  | 'ConsumerNotFound'
  | 'ConnectAborted'
  | 'PublishAborted';

export class BusError extends Error {
  readonly code: BusErrorCode;

  constructor(code: BusErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BusError';
    this.code = code;
  }
}

/** An event failed validation against the registry; nothing was sent. */
export class InvalidEventError extends BusError {
  /** The registry's failure code (`InvalidEnvelope`, `UnknownEventType`, `InvalidEventData`). */
  readonly reasonCode: string;
  readonly reason: string;
  /** For `publishMany`: the position of the first invalid event. */
  readonly index: number | undefined;

  constructor(reasonCode: string, reason: string, index?: number) {
    const where = index === undefined ? '' : ` (event #${index})`;
    super('InvalidEvent', `invalid event${where}: ${reason}`);
    this.name = 'InvalidEventError';
    this.reasonCode = reasonCode;
    this.reason = reason;
    this.index = index;
  }
}

/** One field of a declared stream or consumer that the server holds differently. */
export interface ConfigConflict {
  readonly field: string;
  readonly wanted: unknown;
  readonly actual: unknown;
}

function describeConflicts(conflicts: readonly ConfigConflict[]): string {
  return conflicts
    .map(
      (c) => `${c.field}: wanted ${JSON.stringify(c.wanted)}, actual ${JSON.stringify(c.actual)}`,
    )
    .join('; ');
}

/**
 * A declared stream differs from the server's in a field that cannot be changed in place
 * (storage, retention, …): an operator must migrate it; the bus never silently diverges.
 */
export class StreamConfigConflictError extends BusError {
  readonly stream: string;
  readonly conflicts: readonly ConfigConflict[];

  constructor(stream: string, conflicts: readonly ConfigConflict[]) {
    super(
      'StreamConfigConflict',
      `stream ${stream} cannot be updated in place (${describeConflicts(conflicts)}); ` +
        'migrate it (e.g. create a new stream and move consumers) or change the declaration back',
    );
    this.name = 'StreamConfigConflictError';
    this.stream = stream;
    this.conflicts = conflicts;
  }
}

/** A declared durable consumer differs from the server's in a field that cannot be updated. */
export class ConsumerConfigConflictError extends BusError {
  readonly stream: string;
  readonly durable: string;
  readonly conflicts: readonly ConfigConflict[];

  constructor(stream: string, durable: string, conflicts: readonly ConfigConflict[]) {
    super(
      'ConsumerConfigConflict',
      `consumer ${durable} on ${stream} cannot be updated in place (${describeConflicts(conflicts)}); ` +
        'delete and recreate it deliberately, or change the declaration back',
    );
    this.name = 'ConsumerConfigConflictError';
    this.stream = stream;
    this.durable = durable;
    this.conflicts = conflicts;
  }
}

export function isBusError(error: unknown, code?: BusErrorCode): error is BusError {
  return error instanceof BusError && (code === undefined || error.code === code);
}

/** A JetStream API error with this `err_code` (e.g. `JetStreamApiCodes.StreamNotFound`). */
export function isApiError(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}
