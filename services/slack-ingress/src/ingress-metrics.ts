/**
 * What happened to each request Slack sent, as one Prometheus counter on the process's registry
 * (served at /metrics by the runtime): published, duplicates, ignored events, unknown workspaces,
 * refused signatures, bad bodies, failures Slack will retry, and bodies Bolt never acknowledged;
 * and how long each answer took, as a histogram against Slack's 3-second limit (an answer later
 * than that is retried by Slack).
 */
import { Counter, Histogram, type Registry } from 'prom-client';

export type IngressOutcome =
  | 'published'
  | 'duplicate'
  | 'ignored'
  | 'unknown_workspace'
  | 'bad_signature'
  | 'invalid_body'
  | 'failed'
  | 'not_acknowledged';

export type CountOutcome = (outcome: IngressOutcome) => void;

export const INGRESS_REQUESTS_METRIC = 'konstruct_slack_ingress_requests_total';

/**
 * The registry's metric of that name when it is one of `kind` (the service started again on the
 * same registry, as tests do), else a new one from `create`.
 */
function registeredOnce<M>(
  registry: Registry,
  name: string,
  kind: abstract new (...args: never[]) => M,
  create: () => M,
): M {
  const existing = registry.getSingleMetric(name);
  return existing instanceof kind ? existing : create();
}

export function ingressCounter(registry: Registry): CountOutcome {
  const counter = registeredOnce(
    registry,
    INGRESS_REQUESTS_METRIC,
    Counter<'outcome'>,
    () =>
      new Counter({
        name: INGRESS_REQUESTS_METRIC,
        help: 'Slack Events API requests by outcome',
        labelNames: ['outcome'],
        registers: [registry],
      }),
  );
  return (outcome) => counter.inc({ outcome });
}

export type ObserveAck = (seconds: number) => void;

export const INGRESS_ACK_METRIC = 'konstruct_slack_ack_seconds';

/** Up to and past Slack's 3 s: how close the answers come to a retry. */
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];

export function ackHistogram(registry: Registry): ObserveAck {
  const histogram = registeredOnce(
    registry,
    INGRESS_ACK_METRIC,
    Histogram,
    () =>
      new Histogram({
        name: INGRESS_ACK_METRIC,
        help: 'Time from a Slack request (its headers read) to the end of our answer, any status',
        buckets: ACK_BUCKETS,
        registers: [registry],
      }),
  );
  return (seconds) => histogram.observe(seconds);
}
