/**
 * Expected failures of appending: a concurrent writer won (`StaleWrite`) or a unique value is
 * held by someone else (`AlreadyClaimed`). Both carry a stable `code` for the edge to map.
 */
export type EventStoreErrorCode =
  | 'StaleWrite'
  | 'AlreadyClaimed'
  | 'CorruptRegister'
  | 'WriteOutcomeUnknown';

export class EventStoreError extends Error {
  readonly code: EventStoreErrorCode;

  constructor(code: EventStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreError';
    this.code = code;
  }
}
