/**
 * NATS protocol messages a service process sent and received (publishes, acks, requests and
 * their replies, deliveries), read from its `/metrics` (`konstruct_nats_messages_total`). Unlike
 * CPU time on a shared machine, the count per message is exact and repeatable: it shows what a
 * change to the protocol traffic saved where timings drown in noise.
 */
import { metricsText } from './ops-metrics.ts';

const SERIES =
  /^konstruct_nats_messages_total\{direction="(in|out)"[^}]*\} (\d+(?:\.\d+)?(?:e\+\d+)?)$/gm;

/** The process's NATS messages so far, in + out. */
export async function natsMessagesOf(opsPort: number): Promise<{ in: number; out: number }> {
  const text = await metricsText(opsPort);
  const totals = { in: 0, out: 0 };
  for (const match of text.matchAll(SERIES)) {
    totals[match[1] === 'in' ? 'in' : 'out'] += Number(match[2]);
  }
  return totals;
}

/** Reads every process now; `close()` gives each one's messages (in + out) since. */
export async function openNatsTrafficWindow(opsPorts: ReadonlyMap<string, number>) {
  const read = async () =>
    new Map(
      await Promise.all(
        [...opsPorts].map(async ([name, port]) => [name, await natsMessagesOf(port)] as const),
      ),
    );
  const before = await read();
  return {
    async close(): Promise<Record<string, { in: number; out: number }>> {
      const after = await read();
      const used: Record<string, { in: number; out: number }> = {};
      for (const [name, now] of after) {
        const then = before.get(name) ?? { in: 0, out: 0 };
        used[name] = { in: now.in - then.in, out: now.out - then.out };
      }
      return used;
    },
  };
}
