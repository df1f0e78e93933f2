/**
 * Reads a filtered slice of the events stream in order, from the start, a sequence or a time,
 * with an ordered (ephemeral) consumer — for aggregate histories, the audit view and projection
 * rebuilds. Without `follow` it ends at the stream's end (every message stored before reading
 * began is read; the per-message `pending` count of nats-server 2.9 can lag, so a zero there is
 * confirmed with a fresh consumer info before stopping); with it, it goes on live until the
 * signal aborts. Entries that do not parse are yielded as failures with
 * their reason, never dropped silently.
 */
import {
  type EventRegistry,
  type ParseFailure,
  parseEventAt,
  type Subjects,
} from '@konstruct/schemas';
import { type Consumer, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

export type StreamStart =
  | { readonly kind: 'all' }
  | { readonly kind: 'sequence'; readonly sequence: number }
  | { readonly kind: 'time'; readonly time: Date };

export interface ReadStreamOptions<E extends RoutableEvent> {
  readonly nc: NatsConnection;
  readonly stream: string;
  readonly filter: string;
  readonly registry: EventRegistry<E>;
  /** Every event must sit on the subject the contract gives it (see `parseEventAt`). */
  readonly subjects: Subjects;
  readonly start?: StreamStart;
  readonly follow?: boolean;
  readonly signal?: AbortSignal;
}

/** What `parseEventAt` needs of an event to check its subject. */
export interface RoutableEvent {
  readonly id: string;
  readonly type: string;
  readonly tenantId: string;
  readonly data: unknown;
}

/** `bytes`: the stored message's payload size (what holding the entry in memory costs, about). */
export type StreamEntry<E> =
  | {
      readonly ok: true;
      readonly sequence: number;
      readonly subject: string;
      readonly bytes: number;
      readonly event: E;
    }
  | {
      readonly ok: false;
      readonly sequence: number;
      readonly subject: string;
      readonly bytes: number;
      readonly failure: ParseFailure;
    };

function deliverOptions(start: StreamStart) {
  switch (start.kind) {
    case 'all':
      return { deliver_policy: DeliverPolicy.All };
    case 'sequence':
      return {
        deliver_policy: DeliverPolicy.StartSequence,
        opt_start_seq: Math.max(1, start.sequence),
      };
    case 'time':
      return { deliver_policy: DeliverPolicy.StartTime, opt_start_time: start.time.toISOString() };
    default: {
      const never: never = start;
      return never;
    }
  }
}

export async function* readStream<E extends RoutableEvent>(
  options: ReadStreamOptions<E>,
): AsyncGenerator<StreamEntry<E>> {
  const { registry, signal } = options;
  const consumer = await jetstream(options.nc).consumers.get(options.stream, {
    filter_subjects: options.filter,
    ...deliverOptions(options.start ?? { kind: 'all' }),
  });
  const pendingAtStart = (await consumer.info(true)).num_pending;
  if (pendingAtStart === 0 && !options.follow) return;
  const lastAtStart = options.follow ? 0 : await streamLastSequence(options.nc, options.stream);
  const messages = await consumer.consume({ max_messages: 512 });
  const stop = () => void messages.stop();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    if (signal?.aborted) return;
    for await (const message of messages) {
      const sequence = message.info.streamSequence;
      yield streamEntry(registry, options.subjects, message.data, message.subject, sequence);
      if (
        !options.follow &&
        (await reachedEnd(consumer, sequence, message.info.pending, lastAtStart))
      ) {
        break;
      }
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    messages.stop();
  }
}

/** One stored message as an entry: the parsed event, or the reason it does not parse. */
export function streamEntry<E extends RoutableEvent>(
  registry: EventRegistry<E>,
  subjects: Subjects,
  data: Uint8Array,
  subject: string,
  sequence: number,
): StreamEntry<E> {
  const parsed = parseEventAt(registry, subjects, data, subject);
  const bytes = data.byteLength;
  return parsed.ok
    ? { ok: true, sequence, subject, bytes, event: parsed.event }
    : { ok: false, sequence, subject, bytes, failure: parsed };
}

async function reachedEnd(
  consumer: Consumer,
  sequence: number,
  pending: number,
  lastAtStart: number,
): Promise<boolean> {
  if (sequence >= lastAtStart) return true;
  if (pending > 0) return false;
  return (await consumer.info(false)).num_pending === 0;
}

/** The sequence of the last message in the stream (0 when empty): "the end, now". */
export async function streamLastSequence(nc: NatsConnection, stream: string): Promise<number> {
  const jsm = await jetstreamManager(nc);
  return (await jsm.streams.info(stream)).state.last_seq;
}
