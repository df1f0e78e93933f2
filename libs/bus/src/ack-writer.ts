/**
 * Sends acks at the end of the current turn of the event loop instead of one by one. Every
 * message still gets its own `+ACK` (this is not AckAll and never acks a message that was not
 * handled); the acks of all messages settled in one turn just leave in one socket write instead
 * of one write each, which is most of the cost of consuming small messages.
 */
import type { JsMsg } from '@nats-io/jetstream';

export interface AckWriter {
  ack(msg: JsMsg): void;
  /** Sends the queued acks now (before a stop or a connection flush). */
  flush(): void;
}

/** `onError` hears of acks that could not be sent (closed connection): they will be redelivered. */
export function createAckWriter(onError: (error: unknown, msg: JsMsg) => void): AckWriter {
  let queued: JsMsg[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  const send = () => {
    scheduled = undefined;
    const batch = queued;
    queued = [];
    for (const msg of batch) {
      try {
        msg.ack();
      } catch (error) {
        onError(error, msg);
      }
    }
  };
  return {
    ack(msg) {
      queued.push(msg);
      scheduled ??= setImmediate(send);
    },
    flush() {
      if (scheduled !== undefined) clearImmediate(scheduled);
      send();
    },
  };
}
