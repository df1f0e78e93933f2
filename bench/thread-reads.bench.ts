/**
 * What reading a conversation costs the agent as a thread grows (issue 6): before answering the
 * k-th message of a thread, the agent reads the thread's `reply.completed`, `reply.failed`,
 * `message.routed` and `message.received` (literal subjects, direct gets) up to that message.
 * Read afresh every time, that is about one request per earlier event — O(k) per message, O(n²)
 * over a thread; through the instance's events-of-type cache (what the service does) it is about
 * one request per subject — O(1). This publishes a thread of `BENCH_TURNS` (100) turns on a fresh
 * namespace and, before each turn's answer, times the agent's read both ways. In the same run:
 * the raw JetStream publish rate, since machines are shared and noisy.
 * Writes bench/results/thread-reads.json. Run alone: `node bench/run.ts thread-reads`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { readConversation } from '@konstruct/agent';
import { createPublisher, createReaction, silentLogger } from '@konstruct/bus';
import { createEventsOfTypeCache, readEventsOfType } from '@konstruct/event-store';
import { MessageRouted, newEventId, ReplyCompleted, stableId } from '@konstruct/schemas';
import { createTestBus, slackMessageReceived } from '@konstruct/testing';
import { runBusBenchmark } from './bus.bench.ts';

const TURNS = Number(process.env.BENCH_TURNS ?? 100);
const REPORTED_TURNS = [1, 10, 25, 50, 100, 200, 500].filter((turn) => turn <= TURNS);

const round = (value: number) => Math.round(value * 1000) / 1000;

export async function runThreadReadsBenchmark() {
  const bus = await createTestBus();
  try {
    const publisher = createPublisher({
      nc: bus.nc,
      subjects: bus.subjects,
      logger: silentLogger(),
    });
    const tenantId = newEventId();
    const conversationId = newEventId();
    const ref = { tenantId, conversationId };
    const base = { nc: bus.nc, subjects: bus.subjects, logger: silentLogger() };
    const cache = createEventsOfTypeCache();
    const signal = new AbortController().signal;
    const perTurn: { turn: number; freshMs: number; cachedMs: number; events: number }[] = [];
    for (let turn = 1; turn <= TURNS; turn++) {
      const received = slackMessageReceived({
        tenantId,
        conversationId,
        text: `question ${turn}`,
        ts: `1700000000.${String(turn).padStart(6, '0')}`,
        threadTs: stableId([conversationId]),
      });
      const routed = createReaction(MessageRouted, received, 'router.routed', {
        conversationId,
        messageId: received.id,
        agentId: newEventId(),
        channel: 'slack',
      });
      await publisher.publish(received);
      await publisher.publish(routed);
      const until = { routedId: routed.id, messageId: received.id };
      const timed = async (readEvents: typeof readEventsOfType) => {
        const started = performance.now();
        const events = await readConversation({ ...base, readEvents }, ref, signal, until);
        return { ms: performance.now() - started, events: events.length };
      };
      const fresh = await timed(readEventsOfType);
      const cached = await timed(cache.read);
      if (fresh.events !== cached.events) {
        throw new Error(`turn ${turn}: ${cached.events} events cached, ${fresh.events} fresh`);
      }
      perTurn.push({ turn, freshMs: fresh.ms, cachedMs: cached.ms, events: fresh.events });
      await publisher.publish(
        createReaction(ReplyCompleted, routed, 'agent.reply.completed', {
          conversationId,
          replyId: newEventId(),
          messageId: received.id,
          agentId: routed.data.agentId,
          text: `answer ${turn}`,
          finishReason: 'stop',
          model: 'bench',
          usage: { inputTokens: 1, outputTokens: 1, estimated: false },
        }),
      );
    }
    const raw = await runBusBenchmark({ n: 10_000, rounds: 1, resultFile: null });
    const total = (pick: (t: (typeof perTurn)[number]) => number) =>
      round(perTurn.reduce((sum, t) => sum + pick(t), 0));
    const result = {
      date: new Date().toISOString(),
      node: process.version,
      turns: TURNS,
      perTurn: perTurn
        .filter((t) => REPORTED_TURNS.includes(t.turn))
        .map((t) => ({ ...t, freshMs: round(t.freshMs), cachedMs: round(t.cachedMs) })),
      wholeThreadMs: { fresh: total((t) => t.freshMs), cached: total((t) => t.cachedMs) },
      reference: { rawJetStreamPublishPerSec: raw.raw.publishPerSec },
      ratio: {
        // reads per second a thread's last turn allows, against raw publishes per second
        lastTurnFreshReadsToRawPublishRate: round(
          1000 / (perTurn.at(-1)?.freshMs ?? Number.NaN) / raw.raw.publishPerSec,
        ),
        lastTurnCachedReadsToRawPublishRate: round(
          1000 / (perTurn.at(-1)?.cachedMs ?? Number.NaN) / raw.raw.publishPerSec,
        ),
      },
    };
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(
      new URL('./results/thread-reads.json', import.meta.url),
      `${JSON.stringify(result, null, 2)}\n`,
    );
    process.stdout.write(
      `thread-reads: a ${TURNS}-turn thread, the agent's read before each answer, fresh vs cached (ms): ${result.perTurn
        .map((t) => `turn ${t.turn} ${t.freshMs}/${t.cachedMs}`)
        .join(
          ', ',
        )}; whole thread ${result.wholeThreadMs.fresh}/${result.wholeThreadMs.cached} ms; raw publish ${raw.raw.publishPerSec} msg/s\n`,
    );
    return result;
  } finally {
    await bus.cleanup();
  }
}

/** `bench/run.ts` registers this benchmark through the default export. */
export default runThreadReadsBenchmark;

if (import.meta.main) await runThreadReadsBenchmark();
