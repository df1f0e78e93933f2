/**
 * Bus benchmark (issue item 12): how much the bus costs over plain @nats-io/jetstream, on
 * file-storage streams of a fresh namespace. In one run it measures pipelined publishing with
 * message ids (raw vs `createPublisher`) and consume+ack over a durable pull consumer (raw
 * `consume()` vs `runConsumer`), after a warm-up, three rounds interleaved raw/bus, medians.
 * Writes bench/results/bus.json. Run: `node bench/bus.bench.ts`. Target: bus ≥ 80% of raw.
 */

import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createPublisher,
  deadLetterStreamConfig,
  ensureStream,
  eventStreamConfig,
  Outcome,
  type Publisher,
  runConsumer,
  silentLogger,
} from '@konstruct/bus';
import { eventRegistry, type KonstructEvent, type Subjects, subjectsFor } from '@konstruct/schemas';
import {
  type JetStreamClient,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
} from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { benchEvents } from './bus-bench-events.ts';
import { createBenchConsumer, type RawMessage, rawConsume, rawPublish } from './bus-bench-raw.ts';
import { type BusBenchRun, medianRate, timed } from './bus-bench-stats.ts';

export interface BusBenchOptions {
  readonly n?: number;
  /** Outstanding PubAcks while publishing (both raw and bus). */
  readonly window?: number;
  /** Runner concurrency, which is also its pull batch (`max_messages`). */
  readonly concurrency?: number;
  /** Pull batch of the raw consumer; the runner's concurrency by default (same batch size). */
  readonly rawMaxMessages?: number;
  readonly rounds?: number;
  readonly natsUrl?: string;
  /** Where to write the JSON result (default bench/results/bus.json); null to skip. */
  readonly resultFile?: string | null;
}

export interface BusBenchRates {
  readonly publishPerSec: number;
  readonly consumePerSec: number;
}

export interface BusBenchResult {
  readonly date: string;
  readonly node: string;
  readonly natsServer: string;
  readonly n: number;
  readonly window: number;
  readonly concurrency: number;
  /** The raw consumer's pull batch (`max_messages`). */
  readonly rawMaxMessages: number;
  readonly raw: BusBenchRates;
  readonly bus: BusBenchRates;
  readonly ratio: { readonly publish: number; readonly consume: number };
  readonly runs: readonly BusBenchRun[];
}

interface Bench {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly subjects: Subjects;
  readonly publisher: Publisher<KonstructEvent>;
  readonly settings: Required<Omit<BusBenchOptions, 'resultFile' | 'natsUrl'>>;
}

const logger = silentLogger();
const DEFAULT_RESULT_FILE = fileURLToPath(new URL('results/bus.json', import.meta.url));

function rawMessages(subjects: Subjects, events: readonly KonstructEvent[]): RawMessage[] {
  return events.map((event) => {
    const definition = eventRegistry.definitionOf(event.type, event.version);
    if (definition === undefined) throw new Error(`no definition for ${event.type}`);
    return { subject: subjects.of(definition, event), id: event.id, body: event };
  });
}

async function publishRound(bench: Bench, round: number, n: number): Promise<BusBenchRun[]> {
  const { js, subjects, publisher, settings } = bench;
  const raw = rawMessages(subjects, benchEvents(n));
  const viaBus = benchEvents(n);
  return [
    await timed('publish', 'raw', round, n, () => rawPublish(js, raw, settings.window)),
    await timed('publish', 'bus', round, n, async () => {
      await publisher.publishMany(viaBus, { window: settings.window });
    }),
  ];
}

async function busConsume(
  bench: Bench,
  consumer: string,
  count: number,
): Promise<() => Promise<void>> {
  let seen = 0;
  let done: () => void = () => {};
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  const runner = await runConsumer({
    nc: bench.nc,
    subjects: bench.subjects,
    consumer,
    concurrency: bench.settings.concurrency,
    retry: { backoffMs: [100], maxDeliver: 3 },
    logger,
    handle: () => {
      if (++seen === count) done();
      return Outcome.ack();
    },
  });
  await all;
  // The runner sends acks at the end of the event-loop turn: let it, then flush like raw does.
  await new Promise((resolve) => setImmediate(resolve));
  await bench.nc.flush();
  return () => runner.stop();
}

async function consumeRound(bench: Bench, round: number, n: number): Promise<BusBenchRun[]> {
  const { nc, js, jsm, subjects, settings } = bench;
  const stream = subjects.streams.events;
  const rawDurable = subjects.durable(`raw${round}`);
  await createBenchConsumer(jsm, stream, rawDurable);
  const raw = await timed('consume', 'raw', round, n, () =>
    rawConsume(nc, js, stream, rawDurable, n, settings.rawMaxMessages),
  );
  const busName = `bus${round}`;
  await createBenchConsumer(jsm, stream, subjects.durable(busName));
  let stop: () => Promise<void> = async () => {};
  const bus = await timed('consume', 'bus', round, n, async () => {
    stop = await busConsume(bench, busName, n);
  });
  await stop();
  await jsm.consumers.delete(stream, rawDurable);
  await jsm.consumers.delete(stream, subjects.durable(busName));
  return [raw, bus];
}

async function measure(bench: Bench): Promise<BusBenchRun[]> {
  const { n, rounds } = bench.settings;
  const warmup = n;
  await publishRound(bench, 0, warmup);
  const runs: BusBenchRun[] = [];
  for (let round = 1; round <= rounds; round++) runs.push(...(await publishRound(bench, round, n)));
  await bench.jsm.streams.purge(bench.subjects.streams.events);
  await bench.publisher.publishMany(benchEvents(n), { window: bench.settings.window });
  await consumeRound(bench, 0, warmup);
  for (let round = 1; round <= rounds; round++) runs.push(...(await consumeRound(bench, round, n)));
  return runs;
}

function summarize(bench: Bench, runs: readonly BusBenchRun[]): BusBenchResult {
  const raw = {
    publishPerSec: medianRate(runs, 'publish', 'raw'),
    consumePerSec: medianRate(runs, 'consume', 'raw'),
  };
  const bus = {
    publishPerSec: medianRate(runs, 'publish', 'bus'),
    consumePerSec: medianRate(runs, 'consume', 'bus'),
  };
  const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
  return {
    date: new Date().toISOString(),
    node: process.version,
    natsServer: bench.nc.info?.version ?? 'unknown',
    n: bench.settings.n,
    window: bench.settings.window,
    concurrency: bench.settings.concurrency,
    rawMaxMessages: bench.settings.rawMaxMessages,
    raw,
    bus,
    ratio: {
      publish: ratio(bus.publishPerSec, raw.publishPerSec),
      consume: ratio(bus.consumePerSec, raw.consumePerSec),
    },
    runs,
  };
}

async function deleteStreams(jsm: JetStreamManager, namespace: string): Promise<void> {
  for await (const name of jsm.streams.names()) {
    if (name.startsWith(`${namespace}-`)) await jsm.streams.delete(name);
  }
}

export async function runBusBenchmark(options: BusBenchOptions = {}): Promise<BusBenchResult> {
  const settings = {
    n: options.n ?? 20_000,
    window: options.window ?? 512,
    concurrency: options.concurrency ?? 256,
    rounds: options.rounds ?? 3,
    rawMaxMessages: options.rawMaxMessages ?? options.concurrency ?? 256,
  };
  const nc = await connect({
    servers: options.natsUrl ?? process.env.NATS_URL ?? '127.0.0.1:4222',
  });
  const subjects = subjectsFor(`bench_${randomBytes(4).toString('hex')}`);
  const jsm = await jetstreamManager(nc);
  try {
    const limits = {
      maxAgeMs: 3_600_000,
      maxBytes: 2 ** 30,
      replicas: 1,
      duplicateWindowMs: 120_000,
    };
    await ensureStream(jsm, eventStreamConfig(subjects, limits), { logger });
    await ensureStream(jsm, deadLetterStreamConfig(subjects, limits), { logger });
    const publisher = createPublisher({ nc, subjects, logger });
    const bench: Bench = { nc, js: jetstream(nc), jsm, subjects, publisher, settings };
    const result = summarize(bench, await measure(bench));
    const file = options.resultFile === undefined ? DEFAULT_RESULT_FILE : options.resultFile;
    if (file !== null) {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    }
    return result;
  } finally {
    await deleteStreams(jsm, subjects.namespace);
    await nc.close();
  }
}

/** The result as three lines for a terminal. */
export function formatBusBenchResult(result: BusBenchResult): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return [
    `bus benchmark: n=${result.n}, window=${result.window}, runner concurrency=${result.concurrency}, raw max_messages=${result.rawMaxMessages}, nats-server ${result.natsServer}, node ${result.node}`,
    `publish  raw ${result.raw.publishPerSec} msg/s  bus ${result.bus.publishPerSec} msg/s  ratio ${pct(result.ratio.publish)}`,
    `consume  raw ${result.raw.consumePerSec} msg/s  bus ${result.bus.consumePerSec} msg/s  ratio ${pct(result.ratio.consume)}`,
  ].join('\n');
}

function numberArg(name: string): number | undefined {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg === undefined ? undefined : Number(arg.slice(name.length + 3));
}

if (import.meta.main) {
  const n = numberArg('n');
  const concurrency = numberArg('concurrency');
  const rawMaxMessages = numberArg('raw-max-messages');
  const result = await runBusBenchmark({
    ...(n === undefined ? {} : { n }),
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(rawMaxMessages === undefined ? {} : { rawMaxMessages }),
  });
  process.stdout.write(`${formatBusBenchResult(result)}\n`);
}
