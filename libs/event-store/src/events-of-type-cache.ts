/**
 * `readEventsOfType` that remembers. A service asks the same subjects again and again — every
 * message of a thread reads the thread's earlier replies, verdicts and messages — and without
 * memory each question costs one direct get per event the subject ever held, so a thread's
 * n-th message costs O(n) requests. Stream events never change and a subject only grows at the
 * stream's end, so what was read once is kept: per literal subject, every event below the next
 * sequence to ask for. A read yields the remembered events, then asks the stream only from there
 * on, so a thread's n-th message costs about one request per subject.
 *
 * Concurrent readers of one subject each read on from their own position and append only what
 * extends the remembered run (a duplicate request at worst, never a gap or a repeat). Memory is
 * bounded: subjects least recently read are dropped whole past `maxEntries` events or `maxBytes`
 * of their stored JSON in all (the subject being read stays, however large), and a
 * subject is read afresh after `maxAgeMs` (so a stream recreated under a running service is
 * followed again within that time).
 */
import type { KonstructEvent } from '@konstruct/schemas';
import { type EventsOfTypeQuery, readEventsOfType, subjectOfType } from './events-of-type.ts';
import type { StreamEntry } from './read-stream.ts';

type Entry = StreamEntry<KonstructEvent>;

/** What reads events of one type about one entity: `readEventsOfType`, or a cache's `read`. */
export type ReadEventsOfType = (query: EventsOfTypeQuery) => AsyncGenerator<Entry>;

export interface EventsOfTypeCacheOptions {
  /** Events kept in all (default 20,000). */
  readonly maxEntries?: number;
  /** Their JSON size in all (default 64 MiB: a message may carry 40,000 characters of text). */
  readonly maxBytes?: number;
  /** How long a subject's events are trusted before it is read afresh (default 10 minutes). */
  readonly maxAgeMs?: number;
  readonly now?: () => number;
}

export interface EventsOfTypeCache {
  /** As `readEventsOfType`: every event on the query's subject, in stream order. */
  readonly read: ReadEventsOfType;
  /** Events kept now (for tests and metrics). */
  readonly size: number;
  /** Their stored JSON size now, in bytes. */
  readonly bytes: number;
}

interface SubjectRecord {
  /** Every event of the subject below `next`, in stream order. */
  readonly entries: Entry[];
  /** The sequence to ask from: nothing on the subject lies between the last entry and it. */
  next: number;
  /** The JSON size of `entries` counted in the cache's total. */
  bytes: number;
  readonly createdAt: number;
}

export function createEventsOfTypeCache(options: EventsOfTypeCacheOptions = {}): EventsOfTypeCache {
  const maxEntries = options.maxEntries ?? 20_000;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const records = new Map<string, SubjectRecord>();
  let size = 0;
  let bytes = 0;

  const drop = (subject: string) => {
    const record = records.get(subject);
    if (record === undefined) return;
    records.delete(subject);
    size -= record.entries.length;
    bytes -= record.bytes;
  };

  const recordOf = (subject: string): SubjectRecord => {
    let record = records.get(subject);
    if (record !== undefined && now() - record.createdAt > maxAgeMs) {
      drop(subject);
      record = undefined;
    }
    if (record === undefined) record = { entries: [], next: 1, bytes: 0, createdAt: now() };
    else records.delete(subject);
    records.set(subject, record); // most recently read last
    return record;
  };

  const remember = (subject: string, record: SubjectRecord, entry: Entry) => {
    if (entry.sequence < record.next) return; // another reader got here first
    record.entries.push(entry);
    record.next = entry.sequence + 1;
    if (records.get(subject) !== record) return; // dropped meanwhile: not counted
    const weight = entry.bytes;
    record.bytes += weight;
    size += 1;
    bytes += weight;
    for (const [oldest] of records) {
      if ((size <= maxEntries && bytes <= maxBytes) || oldest === subject) break;
      drop(oldest);
    }
  };

  async function* read(query: EventsOfTypeQuery): AsyncGenerator<Entry> {
    const subject = subjectOfType(query);
    const record = recordOf(subject);
    let position = 0;
    for (const entry of record.entries) {
      yield entry;
      position = entry.sequence;
    }
    for await (const entry of readEventsOfType({ ...query, fromSequence: position + 1 })) {
      remember(subject, record, entry);
      yield entry;
    }
  }

  return {
    read,
    get size() {
      return size;
    },
    get bytes() {
      return bytes;
    },
  };
}
