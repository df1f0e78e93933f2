/**
 * W3C Trace Context (`traceparent`) for the trace headers events carry through NATS: parse,
 * start a trace, continue one with a child span. Parsing is strict per the spec (lowercase hex,
 * non-zero ids, version `ff` rejected, version `00` exactly 55 characters; later versions read
 * by their first four fields); what this module writes is always version `00`.
 * @see https://www.w3.org/TR/trace-context/#traceparent-header
 */
import { randomBytes } from 'node:crypto';

export interface TraceContext {
  readonly traceId: string;
  /** The id of the span that sent this header (the spec's `parent-id`). */
  readonly spanId: string;
  /** The trace flags byte; bit 0 is `sampled`. */
  readonly flags: number;
  readonly sampled: boolean;
}

const HEADER = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);
const SAMPLED = 0x01;

/** The trace context in a `traceparent` header, or `undefined` when it is absent or invalid. */
export function parseTraceparent(header: string | undefined): TraceContext | undefined {
  const match = header === undefined ? null : HEADER.exec(header.trim());
  if (match === null) return undefined;
  const [, version, traceId, spanId, flagsHex, rest] = match;
  if (version === undefined || traceId === undefined || spanId === undefined) return undefined;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (traceId === ZERO_TRACE_ID || spanId === ZERO_SPAN_ID) return undefined;
  const flags = Number.parseInt(flagsHex ?? '00', 16);
  return { traceId, spanId, flags, sampled: (flags & SAMPLED) === SAMPLED };
}

/** A version-00 header for `context`. */
export function formatTraceparent(context: Pick<TraceContext, 'traceId' | 'spanId' | 'flags'>) {
  const flags = (context.flags & 0xff).toString(16).padStart(2, '0');
  return `00-${context.traceId}-${context.spanId}-${flags}`;
}

/** A header starting a new trace, sampled unless told otherwise. */
export function newTraceparent(sampled = true): string {
  return formatTraceparent({
    traceId: randomId(16),
    spanId: randomId(8),
    flags: sampled ? SAMPLED : 0,
  });
}

/**
 * A header for work caused by `parent`: same trace id and flags, a new span id. When the
 * parent header is missing or invalid a new trace starts, as the spec asks.
 */
export function childTraceparent(parent: string | undefined): string {
  const context = parseTraceparent(parent);
  if (context === undefined) return newTraceparent();
  return formatTraceparent({ ...context, spanId: randomId(8) });
}

/** The trace id in a header, or `undefined` when it is absent or invalid (for log fields). */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  return parseTraceparent(traceparent)?.traceId;
}

/**
 * Random bytes drawn from the system in 4 KiB at a time: a trace or span id per published event
 * made the per-call `randomBytes` system call a visible share of a busy service's CPU.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

function randomId(bytes: number): string {
  for (;;) {
    if (poolOffset + bytes > pool.length) {
      pool = randomBytes(POOL_BYTES);
      poolOffset = 0;
    }
    const id = pool.toString('hex', poolOffset, poolOffset + bytes);
    poolOffset += bytes;
    if (/[^0]/.test(id)) return id;
  }
}
