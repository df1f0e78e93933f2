/**
 * Projector benchmark (issue 4): how fast the read-model projector applies a pre-filled events
 * stream to Postgres, in two scenarios — every event of 1 tenant, and events spread over 1,000
 * tenants (a batch then switches tenant scope at nearly every event). The stream is filled first
 * (a mix of message.received, reply.completed, usage.recorded and agent.configured), then the
 * clock runs from `startProjector` until every checkpoint reaches the stream's last sequence.
 * The reference is the raw NATS rate of consuming and acking the same stream in the same run
 * (machines are shared and noisy, so the ratio is the figure to compare). Each scenario has its
 * own namespace and temporary database, removed at the end.
 * Writes bench/results/projector.json. Run: `node bench/projector.bench.ts [--n=20000]`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import {
  createPublisher,
  deadLetterStreamConfig,
  ensureStream,
  eventStreamConfig,
  silentLogger,
} from '@konstruct/bus';
import {
  checkpointFloor,
  DEFAULT_BATCH_SIZE,
  projectionNames,
  readCheckpoints,
  startProjector,
} from '@konstruct/projections';
import {
  AgentConfigured,
  createEvent,
  type KonstructEvent,
  MessageReceived,
  ReplyCompleted,
  subjectsFor,
  UsageRecorded,
} from '@konstruct/schemas';
import { createTestDatabase } from '@konstruct/testing';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { sql } from 'kysely';
import { createBenchConsumer, rawConsume } from './bus-bench-raw.ts';
import { median } from './bus-bench-stats.ts';

export interface ProjectorBenchOptions {
  /** Events per scenario (default 20,000). */
  readonly n?: number;
  readonly batchSize?: number;
  /** Raw consume rounds per scenario; the median counts (default 3). */
  readonly rawRounds?: number;
  readonly natsUrl?: string;
  /** Where to write the JSON result; null to skip. */
  readonly resultFile?: string | null;
  /** Where the summary goes (default stdout); null to print nothing. */
  readonly print?: ((text: string) => void) | null;
}

export interface ProjectorScenarioResult {
  readonly scenario: string;
  readonly tenants: number;
  readonly n: number;
  readonly mix: Readonly<Record<string, number>>;
  /** Raw NATS consume+ack of the same stream (median of the rounds). */
  readonly rawConsumePerSec: number;
  /** Events applied to Postgres per second, start to last checkpoint. */
  readonly projectorPerSec: number;
  readonly secondsToCheckpoint: number;
  /** projectorPerSec / rawConsumePerSec. */
  readonly ratio: number;
}

export interface ProjectorBenchResult {
  readonly date: string;
  readonly node: string;
  readonly natsServer: string;
  readonly postgres: string;
  readonly batchSize: number;
  readonly scenarios: readonly ProjectorScenarioResult[];
}

const STREAM_LIMITS = {
  maxAgeMs: 3_600_000,
  maxBytes: 2 ** 30,
  replicas: 1,
  duplicateWindowMs: 120_000,
};
const logger = silentLogger();

/** Per 20 events: 7 received, 7 replies, 5 usage, 1 agent reconfigured. */
export function projectorBenchEvents(tenantCount: number, n: number): KonstructEvent[] {
  const tenants = Array.from({ length: tenantCount }, () => ({
    id: randomUUID(),
    agent: randomUUID(),
  }));
  const start = Date.UTC(2026, 0, 1);
  const events: KonstructEvent[] = [];
  for (let i = 0; events.length < n; i++) {
    const tenant = tenants[i % tenants.length] ?? { id: randomUUID(), agent: randomUUID() };
    const origin = (offset: number) => ({
      tenantId: tenant.id,
      occurredAt: new Date(start + i * 1_000 + offset),
    });
    const kind = i % 20;
    if (kind < 7) {
      const userId = randomUUID();
      const question = createEvent(MessageReceived, origin(0), {
        conversationId: randomUUID(),
        connectionId: null,
        sender: { id: userId, displayName: 'Bench User', isBot: false },
        text: `benchmark question ${i}`,
        metadata: { channel: 'web', userId, agentId: tenant.agent, clientMessageId: `b${i}` },
      });
      const answer = createEvent(
        ReplyCompleted,
        { ...origin(10), causedBy: question },
        {
          conversationId: question.data.conversationId,
          replyId: randomUUID(),
          messageId: question.id,
          agentId: tenant.agent,
          text: `benchmark answer ${i}`,
          finishReason: 'stop',
          model: 'bench-model',
          usage: { inputTokens: 20, outputTokens: 40, estimated: false },
        },
      );
      events.push(question, answer);
    } else if (kind < 12) {
      events.push(
        createEvent(UsageRecorded, origin(20), {
          agentId: tenant.agent,
          conversationId: null,
          messageId: null,
          provider: 'openai',
          deployment: 'bench',
          model: kind % 2 === 0 ? 'bench-fast' : 'bench-quality',
          modelGroup: 'fast',
          inputTokens: 20,
          outputTokens: 40,
          estimated: false,
          latencyMs: 100,
          timeToFirstTokenMs: null,
          costMicroUsd: 300,
          keySource: 'platform',
        }),
      );
    } else if (kind === 19) {
      events.push(
        createEvent(AgentConfigured, origin(30), {
          agentId: tenant.agent,
          name: `Agent ${i}`,
          role: 'Bench',
        }),
      );
    }
  }
  return events.slice(0, n);
}

function mixOf(events: readonly KonstructEvent[]): Record<string, number> {
  const mix: Record<string, number> = {};
  for (const event of events) mix[event.type] = (mix[event.type] ?? 0) + 1;
  return mix;
}

async function untilCaughtUp(
  db: Parameters<typeof readCheckpoints>[0],
  last: number,
): Promise<void> {
  for (;;) {
    if (checkpointFloor(await readCheckpoints(db, projectionNames)) >= last) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Raw consume+ack of the whole stream, pulling as many at a time as the projector does. */
async function rawRate(
  nc: NatsConnection,
  stream: string,
  durablePrefix: string,
  n: number,
  settings: { readonly rawRounds: number; readonly batchSize: number },
) {
  const jsm = await jetstreamManager(nc);
  const rates: number[] = [];
  for (let round = 0; round <= settings.rawRounds; round++) {
    const durable = `${durablePrefix}-raw${round}`;
    await createBenchConsumer(jsm, stream, durable);
    const started = performance.now();
    await rawConsume(nc, jetstream(nc), stream, durable, n, settings.batchSize);
    if (round > 0) rates.push(n / ((performance.now() - started) / 1000));
    await jsm.consumers.delete(stream, durable);
  }
  return Math.round(median(rates));
}

async function runScenario(
  nc: NatsConnection,
  tenants: number,
  settings: Required<Pick<ProjectorBenchOptions, 'n' | 'batchSize' | 'rawRounds'>>,
): Promise<ProjectorScenarioResult> {
  const subjects = subjectsFor(`bench_${randomBytes(4).toString('hex')}`);
  const jsm = await jetstreamManager(nc);
  await ensureStream(jsm, eventStreamConfig(subjects, STREAM_LIMITS), { logger });
  await ensureStream(jsm, deadLetterStreamConfig(subjects, STREAM_LIMITS), { logger });
  const database = await createTestDatabase({ poolSize: 2 });
  try {
    const events = projectorBenchEvents(tenants, settings.n);
    const published = await createPublisher({ nc, subjects, logger }).publishMany(events, {
      window: 512,
    });
    const last = Math.max(...published.map((result) => result.seq ?? 0));
    const rawConsumePerSec = await rawRate(
      nc,
      subjects.streams.events,
      subjects.namespace,
      settings.n,
      settings,
    );
    const started = performance.now();
    const projector = await startProjector({
      nc,
      db: database.appDb,
      subjects,
      logger,
      batchSize: settings.batchSize,
    });
    await untilCaughtUp(database.appDb, last);
    const seconds = (performance.now() - started) / 1000;
    await projector.stop();
    const projectorPerSec = Math.round(settings.n / seconds);
    return {
      scenario: tenants === 1 ? '1 tenant' : `${tenants} tenants`,
      tenants,
      n: settings.n,
      mix: mixOf(events),
      rawConsumePerSec,
      projectorPerSec,
      secondsToCheckpoint: Math.round(seconds * 1000) / 1000,
      ratio: Math.round((projectorPerSec / rawConsumePerSec) * 1000) / 1000,
    };
  } finally {
    await database.drop();
    for await (const name of jsm.streams.names()) {
      if (name.startsWith(`${subjects.namespace}-`)) await jsm.streams.delete(name);
    }
  }
}

async function postgresVersion(): Promise<string> {
  const database = await createTestDatabase({ migrate: false, poolSize: 1 });
  try {
    const { rows } = await sql<{ server_version: string }>`show server_version`.execute(
      database.ownerDb,
    );
    return rows[0]?.server_version ?? 'unknown';
  } finally {
    await database.drop();
  }
}

export function projectorBenchReport(result: ProjectorBenchResult): string {
  const lines = result.scenarios.map(
    (s) =>
      `${s.scenario.padEnd(12)} n=${s.n}  projector ${s.projectorPerSec} events/s (${s.secondsToCheckpoint} s to last checkpoint)  raw NATS consume ${s.rawConsumePerSec} msg/s  ratio ${(s.ratio * 100).toFixed(1)}%`,
  );
  return [
    `projector benchmark: batch ${result.batchSize}, nats-server ${result.natsServer}, postgres ${result.postgres}, node ${result.node}`,
    ...lines,
  ].join('\n');
}

export async function runProjectorBenchmark(
  options: ProjectorBenchOptions = {},
): Promise<ProjectorBenchResult> {
  const settings = {
    n: options.n ?? 20_000,
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
    rawRounds: options.rawRounds ?? 3,
  };
  const nc = await connect({
    servers: options.natsUrl ?? process.env.NATS_URL ?? '127.0.0.1:4222',
  });
  try {
    const scenarios = [await runScenario(nc, 1, settings), await runScenario(nc, 1_000, settings)];
    const result: ProjectorBenchResult = {
      date: new Date().toISOString(),
      node: process.version,
      natsServer: nc.info?.version ?? 'unknown',
      postgres: await postgresVersion(),
      batchSize: settings.batchSize,
      scenarios,
    };
    const file =
      options.resultFile === undefined ? 'bench/results/projector.json' : options.resultFile;
    if (file !== null) {
      await mkdir(new URL('.', `file://${process.cwd()}/${file}`), { recursive: true });
      await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    }
    const print =
      options.print === undefined ? (text: string) => process.stdout.write(text) : options.print;
    print?.(`${projectorBenchReport(result)}\n`);
    return result;
  } finally {
    await nc.close();
  }
}

function numberArg(name: string): number | undefined {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg === undefined ? undefined : Number(arg.slice(name.length + 3));
}

if (import.meta.main) {
  const n = numberArg('n');
  const batchSize = numberArg('batch-size');
  await runProjectorBenchmark({
    ...(n === undefined ? {} : { n }),
    ...(batchSize === undefined ? {} : { batchSize }),
  });
}
