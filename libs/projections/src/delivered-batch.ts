/**
 * What a batch of delivered messages is, purely: parsed by the registry, sorted by stream
 * position with repeats set aside (a redelivery can overlap a first delivery), and whether the
 * positions after `floor` are all there — only then can the batch be applied as delivered;
 * otherwise the missing positions are read from the stream.
 */
import {
  type EventRegistry,
  type KonstructEvent,
  type ParseFailure,
  parseEventAt,
  type Subjects,
} from '@konstruct/schemas';
import type { ProjectedEvent } from './projection.ts';

export interface DeliveredMessage {
  readonly seq: number;
  readonly subject: string;
  readonly data: Uint8Array;
}

export type ParsedDelivery<M> =
  | { readonly ok: true; readonly msg: M; readonly entry: ProjectedEvent }
  | { readonly ok: false; readonly msg: M; readonly failure: ParseFailure };

export interface DeliveredBatch<M> {
  /** One per stream position, in stream order, positions after `floor` only. */
  readonly fresh: readonly ParsedDelivery<M>[];
  /** Everything else (at or below `floor`, or a repeat): to acknowledge without applying. */
  readonly done: readonly M[];
  /** `fresh` starts right after `floor` and has no hole. */
  readonly contiguous: boolean;
  /** The last position delivered (`floor` when nothing is fresh). */
  readonly last: number;
}

export function sortDelivered<M extends DeliveredMessage>(
  messages: readonly M[],
  floor: number,
  registry: EventRegistry<KonstructEvent>,
  subjects: Subjects,
): DeliveredBatch<M> {
  const bySeq = new Map<number, M>();
  const done: M[] = [];
  for (const msg of messages) {
    if (msg.seq <= floor || bySeq.has(msg.seq)) done.push(msg);
    else bySeq.set(msg.seq, msg);
  }
  const ordered = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  const fresh = ordered.map((msg): ParsedDelivery<M> => {
    const parsed = parseEventAt(registry, subjects, msg.data, msg.subject);
    return parsed.ok
      ? { ok: true, msg, entry: { event: parsed.event, sequence: msg.seq } }
      : { ok: false, msg, failure: parsed };
  });
  const first = ordered[0]?.seq;
  const last = ordered.at(-1)?.seq ?? floor;
  const contiguous =
    first === undefined || (first === floor + 1 && last - first + 1 === ordered.length);
  return { fresh, done, contiguous, last };
}
