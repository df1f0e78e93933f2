import { connectBus, silentLogger } from '@konstruct/bus';
import { countSocketWrites, sendFromSeparateCallbacks, serviceUrls } from '@konstruct/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';

const connections: NatsConnection[] = [];

async function connection(): Promise<NatsConnection> {
  const nc = await connectBus({
    servers: serviceUrls().natsUrl,
    name: 'coalescing-test',
    logger: silentLogger(),
  });
  connections.push(nc);
  return nc;
}

/** Collects the payloads of `count` messages on `subject` (subscribed before it resolves). */
async function collect(
  nc: NatsConnection,
  subject: string,
  count: number,
): Promise<() => Promise<string[]>> {
  const received: string[] = [];
  const sub = nc.subscribe(subject, { max: count });
  await nc.flush();
  const done = (async () => {
    for await (const message of sub) {
      received.push(message.string());
    }
    return received;
  })();
  return () => done;
}

afterEach(async () => {
  await Promise.all(connections.splice(0).map((nc) => nc.close()));
});

describe('coalescing NATS transport', () => {
  it('writes what many callbacks of one event-loop turn publish in one socket write, in order', async () => {
    const subject = `coalescing.${crypto.randomUUID()}`;
    const subscriber = await connection();
    const publisher = await connection();
    const received = await collect(subscriber, subject, 50);
    const natsPort = Number(new URL(`nats://${publisher.getServer()}`).port);

    const writes = await countSocketWrites(natsPort, async () => {
      await sendFromSeparateCallbacks(50, (i) => publisher.publish(subject, `m${i}`));
      await received();
    });

    expect(await received()).toEqual(Array.from({ length: 50 }, (_, i) => `m${i}`));
    expect(writes).toBeLessThanOrEqual(3);
  });

  it('writes what is still queued when the connection closes', async () => {
    const subject = `coalescing.${crypto.randomUUID()}`;
    const subscriber = await connection();
    const publisher = await connectBus({
      servers: serviceUrls().natsUrl,
      name: 'coalescing-test',
      logger: silentLogger(),
    });
    const received = await collect(subscriber, subject, 20);

    for (let i = 0; i < 20; i++) {
      publisher.publish(subject, `m${i}`);
    }
    await publisher.close();

    expect(await received()).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
  });

  it('answers requests and carries payloads larger than its immediate-write threshold', async () => {
    const subject = `coalescing.${crypto.randomUUID()}`;
    const responder = await connection();
    const requester = await connection();
    const sub = responder.subscribe(subject);
    void (async () => {
      for await (const message of sub) {
        message.respond(`${message.data.byteLength}`);
      }
    })();
    await responder.flush();

    const replies = await Promise.all(
      [10, 100_000, 300_000].map(async (size) =>
        (await requester.request(subject, new Uint8Array(size))).string(),
      ),
    );

    expect(replies).toEqual(['10', '100000', '300000']);
  });
});
