/**
 * Every reply delta this instance hears, kept briefly per reply. The agent starts streaming the
 * moment it has published `reply.started`; the instance that handles that event subscribes a
 * little later (consumer delivery, looking up the thread), and a delta published in between would
 * be gone — core NATS keeps nothing — so the answer could not stream from its first word. One
 * subscription to all live deltas, opened when the service starts, closes that gap: a reply feed
 * seeds itself from here. Entries are kept per tenant and reply, for `keepMs` after the reply's
 * last delta, and at most `maxReplies` replies (the oldest go first).
 */
import { eventRegistry, parseEventAt, type Subjects } from '@konstruct/schemas';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';

export interface BufferedDelta {
  readonly index: number;
  readonly text: string;
}

export interface DeltaBuffer {
  /** The deltas heard so far for the reply of `tenantId`, in arrival order. */
  deltasOf(tenantId: string, replyId: string): readonly BufferedDelta[];
  close(): void;
}

interface Entry {
  readonly deltas: BufferedDelta[];
  lastAt: number;
}

export function openDeltaBuffer(
  nc: NatsConnection,
  subjects: Subjects,
  options: { readonly keepMs: number; readonly maxReplies: number; readonly now?: () => number },
): DeltaBuffer {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const keyOf = (tenantId: string, replyId: string) => `${tenantId}/${replyId}`;
  const prune = () => {
    const oldest = now() - options.keepMs;
    for (const [key, entry] of entries) {
      if (entries.size <= options.maxReplies && entry.lastAt >= oldest) break;
      entries.delete(key);
    }
  };
  const subscription: Subscription = nc.subscribe(subjects.liveOfType('reply.delta'), {
    callback: (error, msg) => {
      if (error !== null) return;
      const parsed = parseEventAt(eventRegistry, subjects, msg.string(), msg.subject);
      if (!parsed.ok || parsed.event.type !== 'reply.delta') return;
      const { tenantId, data } = parsed.event;
      const key = keyOf(tenantId, data.replyId);
      const entry = entries.get(key) ?? { deltas: [], lastAt: 0 };
      entries.delete(key); // re-inserted last: the map's order is least recently heard first
      entry.deltas.push({ index: data.index, text: data.text });
      entry.lastAt = now();
      entries.set(key, entry);
      prune();
    },
  });
  return {
    deltasOf: (tenantId, replyId) => entries.get(keyOf(tenantId, replyId))?.deltas ?? [],
    close: () => subscription.unsubscribe(),
  };
}
