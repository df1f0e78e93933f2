/**
 * The NATS headers every published event carries, so consumers, dead-letter tooling and
 * operators can route, filter and trace without parsing the payload. The JetStream message id
 * (`Nats-Msg-Id`) is the event id and is set by the publisher.
 */
import { type MsgHdrs, MsgHdrsImpl } from '@nats-io/transport-node';
import type { BusEvent } from './bus-event.ts';

export const BusHeaders = {
  eventType: 'Konstruct-Event-Type',
  eventVersion: 'Konstruct-Event-Version',
  tenantId: 'Konstruct-Tenant-Id',
  correlationId: 'Konstruct-Correlation-Id',
  traceparent: 'traceparent',
} as const;

/**
 * The headers of a validated event. Built from a record, which skips per-value checks: this is
 * the publish hot path, and every value here is already validated (the envelope by the
 * registry, the traceparent by `parseTraceparent`), so none can hold a CR or LF.
 */
export function eventHeaders(event: BusEvent, traceparent: string): MsgHdrs {
  return MsgHdrsImpl.fromRecord({
    [BusHeaders.eventType]: [event.type],
    [BusHeaders.eventVersion]: [String(event.version)],
    [BusHeaders.tenantId]: [event.tenantId],
    [BusHeaders.correlationId]: [event.correlationId],
    [BusHeaders.traceparent]: [traceparent],
  });
}

/** Every header of a message as a plain record (multi-valued headers keep all values). */
export function headersToRecord(headers: MsgHdrs | undefined): Record<string, string[]> {
  const record: Record<string, string[]> = {};
  if (headers === undefined) return record;
  for (const [key, values] of headers) record[key] = [...values];
  return record;
}
