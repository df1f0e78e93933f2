/**
 * LLM pool overhead (issue 5): a 500-token streamed reply and a JSON call through the pool versus
 * the `openai` SDK called directly, against the same zero-latency loopback server in the same run
 * (target: the pool adds < 5% to the streamed reply), and the heap held per in-flight stream with
 * 200 streams open at once. Fair: the direct SDK client has the pool's client settings (no SDK
 * retries, the same HTTP stack: undici with the same connect timeout). Stable: a warm-up, then
 * several batches of interleaved runs; each batch's overhead is the median of its pairs' own
 * differences, and the figure reported is the median batch (every batch's is kept in the result).
 * Writes bench/results/llm.json. Run alone: `node bench/llm.bench.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createLlmPool, fetchWithConnectTimeout, type LlmPool } from '@konstruct/llm';
import OpenAI from 'openai';
import { type LlmBenchServer, startLlmBenchServer } from './llm-loopback.ts';

const TOKENS = 500;
const WARMUP = 200;
const BATCHES = 7;
const ROUNDS = 200;
const CONNECT_MS = 10_000;
/** What the pool gives its SDK clients: the SDK's own timer effectively off (ours apply). */
const SDK_TIMEOUT_MS = 2_147_483_647;
const OPEN_STREAMS = 200;
const REQUEST = { messages: [{ role: 'user' as const, content: 'Count.' }], maxTokens: 1_000 };
const CALL = { group: 'fast', tenantId: 'bench' } as const;

const round = (value: number) => Math.round(value * 1000) / 1000;
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

function benchPool(baseUrl: string, model: string): LlmPool {
  const deployment = {
    name: 'bench',
    provider: 'openai' as const,
    model,
    baseUrl,
    timeouts: { connectMs: CONNECT_MS, totalMs: 60_000 },
    price: { inputPerMillionUsd: 1, outputPerMillionUsd: 2 },
  };
  return createLlmPool(
    {
      deployments: [deployment],
      groups: { fast: { deployments: ['bench'] }, quality: { deployments: ['bench'] } },
    },
    { env: { OPENAI_API_KEY: 'sk-bench' } },
  );
}

function sdkClient(baseUrl: string): OpenAI {
  return new OpenAI({
    baseURL: baseUrl,
    apiKey: 'sk-bench',
    maxRetries: 0,
    timeout: SDK_TIMEOUT_MS,
    fetch: fetchWithConnectTimeout(CONNECT_MS),
  });
}

async function sdkStream(client: OpenAI, model: string): Promise<number> {
  const stream = await client.chat.completions.create({
    model,
    messages: REQUEST.messages,
    max_completion_tokens: REQUEST.maxTokens,
    stream: true,
    stream_options: { include_usage: true },
  });
  let deltas = 0;
  for await (const part of stream) if (part.choices[0]?.delta.content) deltas++;
  return deltas;
}

async function poolStream(pool: LlmPool): Promise<number> {
  let deltas = 0;
  for await (const event of pool.stream(REQUEST, CALL)) if (event.type === 'delta') deltas++;
  return deltas;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/**
 * One batch: `rounds` interleaved pairs, alternating who goes first. The overhead is the median
 * of each pair's own difference, so a load change on the machine mid-batch hits both sides of
 * a pair alike instead of skewing one side's median.
 */
async function batch(rounds: number, sdk: () => Promise<unknown>, pool: () => Promise<unknown>) {
  const sdkMs: number[] = [];
  const poolMs: number[] = [];
  const pairPercents: number[] = [];
  for (let i = 0; i < rounds; i++) {
    // alternate who goes first, so warm caches and GC pauses fall on both sides alike
    const sdkFirst = i % 2 === 0;
    const first = await timed(sdkFirst ? sdk : pool);
    const second = await timed(sdkFirst ? pool : sdk);
    const [sdkTime, poolTime] = sdkFirst ? [first, second] : [second, first];
    sdkMs.push(sdkTime);
    poolMs.push(poolTime);
    pairPercents.push(((poolTime - sdkTime) / sdkTime) * 100);
  }
  return { sdkMs: median(sdkMs), poolMs: median(poolMs), percent: median(pairPercents) };
}

async function interleaved(sdk: () => Promise<unknown>, pool: () => Promise<unknown>) {
  await batch(WARMUP, sdk, pool);
  const batches: { sdkMs: number; poolMs: number; percent: number }[] = [];
  for (let b = 0; b < BATCHES; b++) batches.push(await batch(ROUNDS, sdk, pool));
  const middle = [...batches].sort((a, b) => a.percent - b.percent)[Math.floor(BATCHES / 2)];
  if (middle === undefined) throw new Error('no batches ran');
  return {
    sdkMedianMs: round(middle.sdkMs),
    poolMedianMs: round(middle.poolMs),
    overheadMs: round((middle.percent / 100) * middle.sdkMs),
    overheadPercent: round(middle.percent),
    batchOverheadPercents: batches.map((b) => round(b.percent)),
  };
}

function collectGarbage(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return () => {
    gc();
    gc();
  };
}

async function heapPerOpenStream(
  server: LlmBenchServer,
  open: () => Promise<AsyncIterator<unknown>>,
) {
  const gc = collectGarbage();
  gc();
  const before = process.memoryUsage().heapUsed;
  const iterators = await Promise.all(Array.from({ length: OPEN_STREAMS }, () => open()));
  await Promise.all(iterators.map((it) => it.next()));
  gc();
  const held = process.memoryUsage().heapUsed - before;
  server.releaseHeld();
  for (const it of iterators) while (!(await it.next()).done);
  return Math.round(held / OPEN_STREAMS);
}

export async function runLlmBenchmark() {
  const server = await startLlmBenchServer(TOKENS);
  try {
    const client = sdkClient(server.baseUrl);
    const pool = benchPool(server.baseUrl, 'bench');
    const streamed = await interleaved(
      () => sdkStream(client, 'bench'),
      () => poolStream(pool),
    );
    const json = await interleaved(
      () =>
        client.chat.completions.create({
          model: 'bench',
          messages: REQUEST.messages,
          max_completion_tokens: 10,
        }),
      () => pool.complete(REQUEST, CALL),
    );
    const holdPool = benchPool(server.baseUrl, 'hold');
    const poolBytes = await heapPerOpenStream(server, async () =>
      holdPool.stream(REQUEST, CALL)[Symbol.asyncIterator](),
    );
    const sdkBytes = await heapPerOpenStream(server, async () =>
      (
        await client.chat.completions.create({
          model: 'hold',
          messages: REQUEST.messages,
          max_completion_tokens: 10,
          stream: true,
        })
      )[Symbol.asyncIterator](),
    );
    const result = {
      tokensPerStream: TOKENS,
      warmupRounds: WARMUP,
      batches: BATCHES,
      roundsPerBatch: ROUNDS,
      streamed: { ...streamed, overheadPerTokenUs: round((streamed.overheadMs * 1000) / TOKENS) },
      json,
      openStreams: OPEN_STREAMS,
      heapBytesPerOpenStream: { pool: poolBytes, sdk: sdkBytes },
      targetMet: streamed.overheadPercent < 5,
    };
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(
      new URL('./results/llm.json', import.meta.url),
      `${JSON.stringify(result, null, 2)}\n`,
    );
    process.stdout.write(
      `llm: streamed ${TOKENS} tokens: sdk ${streamed.sdkMedianMs} ms, pool ${streamed.poolMedianMs} ms ` +
        `(+${streamed.overheadPercent}%, ${result.streamed.overheadPerTokenUs} µs/token; ` +
        `batches ${streamed.batchOverheadPercents.join(', ')}%); ` +
        `json call: +${json.overheadMs} ms (+${json.overheadPercent}%); ` +
        `heap per open stream: pool ${poolBytes} B, sdk ${sdkBytes} B\n`,
    );
    return result;
  } finally {
    await server.close();
  }
}

if (import.meta.main) await runLlmBenchmark();
