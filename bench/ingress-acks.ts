/**
 * slack-ingress's own timing of its answers to Slack (`konstruct_slack_ack_seconds`, from a
 * request's headers to the end of the answer), over a benchmark's window: the bench's measured
 * ack also holds its own event loop's delays (it is the load generator and the loopback Slack and
 * LLM in one process) and the wait for a connection to be accepted; this is the service's part.
 * From histogram buckets, so each percentile is the upper bound of its bucket. With it, the
 * process's event-loop delay over the window (prom-client's `nodejs_eventloop_lag_*`, which
 * restart at each scrape): a request is only read when the loop gets to it, so a long delay is
 * in the bench's ack but not in the service's timing.
 */
import { metricsText } from './ops-metrics.ts';

const BUCKET = /^konstruct_slack_ack_seconds_bucket\{[^}]*le="([^"]+)"[^}]*\} (\d+)$/gm;

const LAG = /^nodejs_eventloop_lag_(p99|max)_seconds(?:\{[^}]*\})? ([\d.e+-]+)$/gm;

/** Cumulative count per bucket bound (seconds; `+Inf` as Infinity), and the loop's delays. */
async function bucketsOf(opsPort: number) {
  const text = await metricsText(opsPort);
  const lagMs: { p99?: number; max?: number } = {};
  for (const match of text.matchAll(LAG)) {
    lagMs[match[1] === 'p99' ? 'p99' : 'max'] = Math.round(Number(match[2]) * 1e5) / 100;
  }
  const buckets = new Map<number, number>();
  for (const match of text.matchAll(BUCKET)) {
    const bound = match[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(match[1]);
    buckets.set(bound, (buckets.get(bound) ?? 0) + Number(match[2]));
  }
  return { buckets, lagMs };
}

export interface IngressAcks {
  readonly answers: number;
  /** Upper bounds of the buckets holding the 50th and 99th percentile, in ms (null: past 5 s). */
  readonly p50AtMostMs: number | null;
  readonly p99AtMostMs: number | null;
  /** Answers later than Slack's 3 s (Slack retries those). */
  readonly over3s: number;
  /** The process's event-loop delay over the window, in ms. */
  readonly loopDelayP99Ms: number | null;
  readonly loopDelayMaxMs: number | null;
}

/** Reads the ingress's histogram now; `close()` gives what was answered since. */
export async function openIngressAckWindow(opsPort: number) {
  const { buckets: before } = await bucketsOf(opsPort);
  return {
    async close(): Promise<IngressAcks> {
      const { buckets: after, lagMs } = await bucketsOf(opsPort);
      const bounds = [...after.keys()].sort((a, b) => a - b);
      const inWindow = bounds.map((bound) => ({
        bound,
        count: (after.get(bound) ?? 0) - (before.get(bound) ?? 0),
      }));
      const answers = inWindow.at(-1)?.count ?? 0;
      const atMost = (share: number) => {
        const bucket = inWindow.find(({ count }) => count >= share * answers);
        return bucket === undefined || !Number.isFinite(bucket.bound) ? null : bucket.bound * 1000;
      };
      const within3s = inWindow.find(({ bound }) => bound === 3)?.count ?? answers;
      return {
        answers,
        p50AtMostMs: atMost(0.5),
        p99AtMostMs: atMost(0.99),
        over3s: answers - within3s,
        loopDelayP99Ms: lagMs.p99 ?? null,
        loopDelayMaxMs: lagMs.max ?? null,
      };
    },
  };
}
