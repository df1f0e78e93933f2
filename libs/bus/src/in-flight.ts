/**
 * The messages a runner holds and has not settled yet. Each is settled exactly once (a late
 * handler after the shutdown deadline cannot ack a message already nak'd), and a single timer
 * keeps long-held messages alive with `working()` well before the consumer's ack wait expires.
 * Deliveries are plain class instances (this is the hot path of every message), and acks are
 * written together at the end of each event-loop turn (see `ack-writer.ts`).
 */
import type { JsMsg } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { type AckWriter, createAckWriter } from './ack-writer.ts';

export interface Delivery {
  readonly msg: JsMsg;
  readonly settled: boolean;
  ack(): void;
  nak(delayMs?: number): void;
  /** `reason` is sent only where the server understands it (see ServerCapabilities). */
  term(reason?: string): void;
}

type SendFailed = (error: unknown, msg: JsMsg) => void;

class TrackedDelivery implements Delivery {
  readonly msg: JsMsg;
  readonly #held: Set<TrackedDelivery>;
  readonly #acks: AckWriter;
  readonly #failed: SendFailed;
  #settled = false;
  lastTouched: number;

  constructor(msg: JsMsg, held: Set<TrackedDelivery>, acks: AckWriter, failed: SendFailed) {
    this.msg = msg;
    this.#held = held;
    this.#acks = acks;
    this.#failed = failed;
    this.lastTouched = performance.now();
  }

  get settled(): boolean {
    return this.#settled;
  }

  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    this.#held.delete(this);
    return true;
  }

  /** A reply that cannot be sent (connection closed) is reported, never thrown. */
  send(reply: (msg: JsMsg) => void): void {
    try {
      reply(this.msg);
    } catch (error) {
      this.#failed(error, this.msg);
    }
  }

  ack(): void {
    if (this.#settle()) this.#acks.ack(this.msg);
  }

  nak(delayMs?: number): void {
    if (this.#settle()) this.send((msg) => msg.nak(delayMs));
  }

  term(reason?: string): void {
    if (this.#settle()) this.send((msg) => msg.term(reason));
  }
}

export interface InFlight {
  readonly size: number;
  track(msg: JsMsg): Delivery;
  /** Naks every unsettled message now (shutdown deadline); returns how many. */
  nakAll(): number;
  /** Calls `working()` on messages held longer than `intervalMs`, every `intervalMs`. */
  startKeepAlive(intervalMs: number): void;
  /** Stops the keep-alive and sends acks still queued. */
  close(): void;
}

export function createInFlight(logger: Logger): InFlight {
  const held = new Set<TrackedDelivery>();
  const failed: SendFailed = (error, msg) => {
    logger.warn(
      { err: error, streamSequence: msg.seq },
      'reply not sent; the server will redeliver',
    );
  };
  const acks = createAckWriter(failed);
  let timer: NodeJS.Timeout | undefined;

  function keepAlive(intervalMs: number): void {
    const now = performance.now();
    for (const delivery of held) {
      if (now - delivery.lastTouched < intervalMs) continue;
      delivery.send((msg) => msg.working());
      delivery.lastTouched = now;
    }
  }

  return {
    get size() {
      return held.size;
    },
    track(msg) {
      const delivery = new TrackedDelivery(msg, held, acks, failed);
      held.add(delivery);
      return delivery;
    },
    nakAll() {
      const pending = [...held];
      for (const delivery of pending) delivery.nak();
      return pending.length;
    },
    startKeepAlive(intervalMs) {
      timer = setInterval(() => keepAlive(intervalMs), intervalMs);
      timer.unref();
    },
    close() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      acks.flush();
    },
  };
}
