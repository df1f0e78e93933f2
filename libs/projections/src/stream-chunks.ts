/**
 * Reads a range of the events stream — positions after `from` up to `to` — in order, as chunks
 * of at most `chunkSize` positions, with the ordered reader of @konstruct/event-store. Each chunk
 * covers its range completely: positions the stream no longer holds (expired, deleted) are simply
 * absent, and the last chunk always ends at `to`. Entries that do not parse come out separately,
 * never dropped. Used to fill gaps in the live loop and to replay during a rebuild.
 *
 * The ordered reader stops where the server says nothing is pending, which under concurrent
 * publishing can be before `to` (nats-server 2.9 reports `pending` from a count that lags new
 * messages). So reading resumes from where it stopped until `to` is reached; a pass that brings
 * nothing new falls back to fetching the remaining positions one by one (absent ones are gone).
 */
import { readStream } from '@konstruct/event-store';
import {
  type EventRegistry,
  type KonstructEvent,
  type ParseFailure,
  parseEventAt,
  type Subjects,
} from '@konstruct/schemas';
import { type JetStreamManager, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { ProjectedEvent } from './projection.ts';

export interface InvalidStreamEntry {
  readonly sequence: number;
  readonly failure: ParseFailure;
}

export interface StreamChunk {
  readonly from: number;
  readonly to: number;
  readonly entries: readonly ProjectedEvent[];
  readonly invalid: readonly InvalidStreamEntry[];
}

export interface StreamChunksOptions {
  readonly nc: NatsConnection;
  readonly subjects: Subjects;
  readonly registry: EventRegistry<KonstructEvent>;
  /** Exclusive. */
  readonly from: number;
  /** Inclusive. */
  readonly to: number;
  readonly chunkSize: number;
  readonly signal?: AbortSignal;
}

type Read =
  | { readonly ok: true; readonly sequence: number; readonly event: KonstructEvent }
  | { readonly ok: false; readonly sequence: number; readonly failure: ParseFailure };

/** One pass of the ordered reader from `after + 1`, ending at `to` or where it stops. */
async function* orderedPass(options: StreamChunksOptions, after: number): AsyncGenerator<Read> {
  const entries = readStream({
    nc: options.nc,
    stream: options.subjects.streams.events,
    filter: options.subjects.allEvents(),
    registry: options.registry,
    subjects: options.subjects,
    start: { kind: 'sequence', sequence: after + 1 },
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  for await (const entry of entries) {
    if (entry.sequence > options.to) return;
    yield entry;
    if (entry.sequence >= options.to) return;
  }
}

/** The positions after `after` up to `to`, fetched one by one (missing ones are skipped). */
async function* onePass(options: StreamChunksOptions, after: number): AsyncGenerator<Read> {
  const jsm: JetStreamManager = await jetstreamManager(options.nc);
  for (let sequence = after + 1; sequence <= options.to; sequence++) {
    options.signal?.throwIfAborted();
    const stored = await jsm.streams.getMessage(options.subjects.streams.events, { seq: sequence });
    if (stored === null) continue;
    const parsed = parseEventAt(options.registry, options.subjects, stored.data, stored.subject);
    yield parsed.ok
      ? { ok: true, sequence, event: parsed.event }
      : { ok: false, sequence, failure: parsed };
  }
}

/** Every stored position after `from` up to `to`, in order, each exactly once. */
async function* positions(options: StreamChunksOptions): AsyncGenerator<Read> {
  let reached = options.from;
  while (reached < options.to) {
    const before = reached;
    for await (const read of orderedPass(options, reached)) {
      reached = read.sequence;
      yield read;
    }
    if (reached > before) continue;
    for await (const read of onePass(options, reached)) yield read;
    return;
  }
}

interface OpenChunk {
  from: number;
  to: number;
  entries: ProjectedEvent[];
  invalid: InvalidStreamEntry[];
}

const openChunk = (from: number): OpenChunk => ({ from, to: from, entries: [], invalid: [] });

export async function* readStreamChunks(options: StreamChunksOptions): AsyncGenerator<StreamChunk> {
  if (options.to <= options.from) return;
  let chunk = openChunk(options.from);
  for await (const read of positions(options)) {
    if (read.ok) chunk.entries.push({ event: read.event, sequence: read.sequence });
    else chunk.invalid.push({ sequence: read.sequence, failure: read.failure });
    chunk.to = read.sequence;
    if (
      read.sequence < options.to &&
      chunk.entries.length + chunk.invalid.length >= options.chunkSize
    ) {
      yield chunk;
      chunk = openChunk(read.sequence);
    }
  }
  options.signal?.throwIfAborted();
  chunk.to = options.to;
  yield chunk;
}
