/**
 * Slack ack latency (issue 6, item 7): the slack-ingress service in its own process, as deployed
 * (`services/slack-ingress/src/main.ts`: Bolt edge, read-model workspace lookup, JetStream
 * publish before the 200), on a fresh namespace and database with one connected workspace (added
 * through the admin commands and projected first), driven OPEN LOOP at a fixed rate (request i is sent at start + i/rate,
 * whatever the answers do) with app_mentions signed as Slack signs them, each a new event, so
 * every request publishes. Latency is taken from the scheduled send time, so a stall shows in
 * the figures instead of slowing the load. In the same run: the raw NATS (JetStream) publish rate
 * (bus benchmark's raw lane) and single publish→PubAck latency, since machines are shared and noisy.
 * Target: ack p99 < 50 ms at 200 req/s. Writes bench/results/slack-ack.json.
 * Run alone: `node bench/run.ts slack-ack`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { addSlackConnection, createTenant } from '@konstruct/admin-commands';
import { createPublisher, silentLogger } from '@konstruct/bus';
import { loadConfig, platformEnvSchema } from '@konstruct/config';
import { openAdminBucket } from '@konstruct/event-store';
import { waitForProjection } from '@konstruct/projections';
import { projectorService } from '@konstruct/projector';
import { runPlatform } from '@konstruct/runtime';
import { createKeyring } from '@konstruct/secrets';
import {
  createTestBus,
  createTestDatabase,
  eventCallback,
  serviceUrls,
  signSlackRequest,
} from '@konstruct/testing';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { z } from 'zod';
import { runBusBenchmark } from './bus.bench.ts';

const RATE_PER_SEC = 200;
const SECONDS = 15;
const WARMUP = 200;
const REFERENCE_SAMPLES = 500;
const TARGET_P99_MS = 50;
const BOT = 'U0BENCHBOT';

const round = (value: number) => Math.round(value * 100) / 100;

function latencies(samplesMs: readonly number[]) {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (p: number) =>
    round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN);
  return {
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: round(sorted.at(-1) ?? Number.NaN),
    n: sorted.length,
  };
}

/** POSTs a body signed as Slack signs it (v0 HMAC-SHA256 of `v0:<timestamp>:<body>`). */
function postSigned(url: string, secret: string, body: string): Promise<Response> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-signature': signSlackRequest(secret, timestamp, body),
      'x-slack-request-timestamp': timestamp,
    },
    body,
  });
}

/** One signed app_mention POST; resolves to its HTTP status. */
function signedMention(url: string, secret: string, teamId: string) {
  let next = 0;
  return async (): Promise<number> => {
    const id = next++;
    const ts = `1700000000.${String(id).padStart(6, '0')}`;
    const body = JSON.stringify({
      ...eventCallback(teamId, `Ev0BENCH${id}`, {
        type: 'app_mention',
        user: 'U0ANA',
        text: `<@${BOT}> q ${id}`,
        ts,
        channel: 'C0BENCH',
      }),
      authorizations: [{ team_id: teamId, user_id: BOT, is_bot: true }],
    });
    const response = await postSigned(url, secret, body);
    await response.arrayBuffer();
    return response.status;
  };
}

/**
 * `node services/slack-ingress/src/main.ts` on a port of its choosing; resolves with the process
 * and its events URL once it logs that it serves (its log is read, then drained).
 */
async function startIngressProcess(
  env: Readonly<Record<string, string>>,
): Promise<{ child: ChildProcess; url: string }> {
  const main = fileURLToPath(new URL('../services/slack-ingress/src/main.ts', import.meta.url));
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, ...env, SLACK_PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`slack-ingress exited with ${String(code)} before serving`);
  });
  const serving = (async () => {
    for await (const line of createInterface({ input: child.stdout as Readable })) {
      const port = ServingLine.safeParse(safeJson(line));
      if (port.success) return { child, url: `http://127.0.0.1:${port.data.port}/slack/events` };
    }
    throw new Error('slack-ingress closed its output before serving');
  })();
  return Promise.race([serving, exited]);
}

const ServingLine = z.object({
  msg: z.literal('serving Slack events on POST /slack/events'),
  port: z.number().int().positive(),
});

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

/** Sends `count` requests open loop at `ratePerSec`; latency from each one's scheduled time. */
async function openLoop(send: () => Promise<number>, ratePerSec: number, count: number) {
  const intervalMs = 1000 / ratePerSec;
  const samples: number[] = [];
  const failures: number[] = [];
  const inFlight: Promise<void>[] = [];
  // The load generator's own stalls also delay requests: measured, so they can be told apart.
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const due = started + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      send().then(
        (status) => {
          if (status === 200) samples.push(performance.now() - due);
          else failures.push(status);
        },
        () => {
          failures.push(0);
        },
      ),
    );
  }
  await Promise.all(inFlight);
  loopDelay.disable();
  const seconds = (performance.now() - started) / 1000;
  return {
    samples,
    failures,
    achievedPerSec: round(samples.length / seconds),
    clientLoopDelayMaxMs: round(loopDelay.max / 1e6),
  };
}

export async function runSlackAckBenchmark() {
  const secret = randomBytes(16).toString('hex');
  const teamId = `T0${randomBytes(4).toString('hex').toUpperCase()}`;
  const bus = await createTestBus({ streams: false });
  const database = await createTestDatabase();
  const env = {
    NATS_URL: serviceUrls().natsUrl,
    DATABASE_URL: database.ownerUrl,
    KONSTRUCT_NAMESPACE: bus.namespace,
    OPS_PORT: '0',
    LOG_LEVEL: 'warn',
    SLACK_SIGNING_SECRET: secret,
  };
  const config = loadConfig(platformEnvSchema, env);
  const projector = await runPlatform({
    config,
    services: [projectorService],
    processName: 'bench',
  });
  const bucket = await openAdminBucket(bus.nc, bus.subjects, 1);
  let ingress: ChildProcess | undefined;
  try {
    const store = {
      nc: bus.nc,
      subjects: bus.subjects,
      bucket,
      publisher: createPublisher({ nc: bus.nc, subjects: bus.subjects, logger: silentLogger() }),
      keyring: createKeyring({ current: randomBytes(32).toString('base64') }),
    };
    const tenant = await createTenant(store, { name: 'Bench Slack' });
    const connection = await addSlackConnection(store, {
      tenantId: tenant.id,
      teamId,
      botUserId: BOT,
      botToken: `xoxb-${randomBytes(12).toString('hex')}`,
    });
    await waitForProjection(database.appDb, connection.sequence, { timeoutMs: 30_000 });
    await projector.stop();
    const served = await startIngressProcess(env);
    ingress = served.child;
    const url = served.url;

    const send = signedMention(url, secret, teamId);
    await openLoop(send, RATE_PER_SEC, WARMUP);
    const load = await openLoop(send, RATE_PER_SEC, RATE_PER_SEC * SECONDS);

    const js = jetstream(bus.nc);
    const subject = `${bus.namespace}.reference`;
    await (await jetstreamManager(bus.nc)).streams.add({
      name: `${bus.namespace}-reference`,
      subjects: [subject],
    });
    const pubAck: number[] = [];
    for (let i = 0; i < REFERENCE_SAMPLES; i++) {
      const started = performance.now();
      await js.publish(subject, 'x', { msgID: `ref-${i}` }).catch(() => undefined);
      pubAck.push(performance.now() - started);
    }
    const raw = await runBusBenchmark({ n: 10_000, rounds: 1, resultFile: null });

    const ack = latencies(load.samples);
    const reference = latencies(pubAck);
    const result = {
      date: new Date().toISOString(),
      node: process.version,
      load: {
        targetPerSec: RATE_PER_SEC,
        seconds: SECONDS,
        sent: RATE_PER_SEC * SECONDS,
        acked: load.samples.length,
        failed: load.failures.length,
        achievedPerSec: load.achievedPerSec,
        clientLoopDelayMaxMs: load.clientLoopDelayMaxMs,
        loadAverage1m: round(loadavg()[0] ?? Number.NaN),
      },
      ack,
      reference: {
        rawJetStreamPublishPerSec: raw.raw.publishPerSec,
        rawPublishAck: reference,
      },
      ratio: {
        achievedToRawPublishRate: round(load.achievedPerSec / raw.raw.publishPerSec),
        ackP50ToRawPubAckP50: round(ack.p50Ms / reference.p50Ms),
        ackP99ToRawPubAckP99: round(ack.p99Ms / reference.p99Ms),
      },
      targetMet: ack.p99Ms < TARGET_P99_MS && load.failures.length === 0,
    };
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(
      new URL('./results/slack-ack.json', import.meta.url),
      `${JSON.stringify(result, null, 2)}\n`,
    );
    process.stdout.write(
      `slack-ack: ${result.load.achievedPerSec} req/s achieved of ${RATE_PER_SEC} (${result.load.failed} failed); ` +
        `ack p50/p99 ${ack.p50Ms}/${ack.p99Ms} ms (target p99 < ${TARGET_P99_MS}); ` +
        `raw PubAck p50/p99 ${reference.p50Ms}/${reference.p99Ms} ms; raw publish ${raw.raw.publishPerSec} msg/s\n`,
    );
    return result;
  } finally {
    await stopProcess(ingress);
    await projector.stop();
    await bucket.destroy();
    await bus.cleanup();
    await database.drop();
  }
}

/** `bench/run.ts` registers this benchmark in one line through the default export. */
export default runSlackAckBenchmark;

if (import.meta.main) await runSlackAckBenchmark();
