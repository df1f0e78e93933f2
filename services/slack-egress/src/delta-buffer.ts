/**
 * Every reply delta this instance hears, kept briefly per reply. The agent starts streaming the
 * moment it has published `reply.started`; the instance that handles that event subscribes a
 * little later (consumer delivery, looking up the thread), and a delta published in between would
 * be gone — core NATS keeps nothing — so the answer could not stream from its first word. One
 * subscription to all live deltas, opened when the service starts, closes that gap and is the
 * only one: a reply feed follows its reply here (what was heard so far, then each new delta), so
 * every delta is parsed once per instance, whatever the number of open replies. Entries are kept per tenant and reply, for `keepMs` after the reply's
 * last delta, and at most `maxReplies` replies (the oldest go first).
 */
import { eventRegistry, parseEventAt, type Subjects } from '@konstruct/schemas';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { createKeyedListeners } from './keyed-listeners.ts';

export interface BufferedDelta {
  readonly index: number;
  readonly text: string;
}

export type DeltaListener = (delta: BufferedDelta) => void;

export interface DeltaBuffer {
  /**
   * Calls `listener` with every delta heard so far for the reply of `tenantId`, in arrival order,
   * then with each new one until the returned function is called.
   */
  follow(tenantId: string, replyId: string, listener: DeltaListener): () => void;
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
  const listeners = createKeyedListeners<BufferedDelta>();
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
      const delta = { index: data.index, text: data.text };
      entry.deltas.push(delta);
      entry.lastAt = now();
      entries.set(key, entry);
      prune();
      listeners.emit(key, delta);
    },
  });
  return {
    follow(tenantId, replyId, listener) {
      const key = keyOf(tenantId, replyId);
      for (const delta of entries.get(key)?.deltas ?? []) listener(delta);
      return listeners.add(key, listener);
    },
    close: () => subscription.unsubscribe(),
  };
}
