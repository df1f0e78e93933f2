/**
 * The NATS client writes to its socket once per microtask checkpoint: every inbound message whose
 * handler publishes, acks or asks (a delivery, a PubAck, a direct get's answer) ends in its own
 * `write` system call, and on a small virtual machine each loopback write costs as much as the
 * work that caused it (it wakes nats-server too). This transport gathers what the client hands it
 * during one turn of the event loop and writes it once, after that turn's I/O callbacks
 * (`setImmediate`): a busy service writes a few times per loop turn instead of once per message.
 * Order is kept (one FIFO), a large backlog is written at once, and a close writes what is queued
 * before the socket goes.
 */
import {
  type ConnectionOptions,
  type NatsConnection,
  NatsConnectionImpl,
  type NodeConnectionOptions,
  setTransportFactory,
} from '@nats-io/transport-node';
import { NodeTransport, nodeResolveHost } from '@nats-io/transport-node/lib/node_transport.js';

/** Written at once, without waiting for the turn to end, when this much is queued. */
const IMMEDIATE_WRITE_BYTES = 64 * 1024;

export class CoalescingTransport extends NodeTransport {
  #queued: Uint8Array[] = [];
  #queuedBytes = 0;
  #scheduled = false;

  override send(frame: Uint8Array): void {
    this.#queued.push(frame);
    this.#queuedBytes += frame.byteLength;
    if (this.#queuedBytes >= IMMEDIATE_WRITE_BYTES) {
      this.#writeQueued();
      return;
    }
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        this.#writeQueued();
      });
    }
  }

  /** Every direct write (the close's final flush included) goes after what is queued. */
  override _send(frame: Uint8Array): Promise<void> {
    this.#writeQueued();
    return super._send(frame);
  }

  /** A close writes what is queued before the socket goes (the client closes without a flush). */
  override close(err?: Error): Promise<void> {
    this.#writeQueued();
    return super.close(err);
  }

  #writeQueued(): void {
    if (this.#queued.length === 0) {
      return;
    }
    const frames = this.#queued;
    this.#queued = [];
    this.#queuedBytes = 0;
    const [only] = frames;
    super.send(frames.length === 1 && only !== undefined ? only : Buffer.concat(frames));
  }
}

/**
 * `connect` of `@nats-io/transport-node`, with the coalescing transport. The factory is global to
 * the client library and read at every (re)connect, so it is set before each connection.
 */
export function connectCoalescing(options: NodeConnectionOptions): Promise<NatsConnection> {
  setTransportFactory({
    factory: () => new CoalescingTransport(),
    dnsResolveFn: nodeResolveHost,
  });
  return NatsConnectionImpl.connect(options as ConnectionOptions);
}
