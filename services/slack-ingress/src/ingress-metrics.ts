/**
 * What happened to each request Slack sent, as one Prometheus counter on the process's registry
 * (served at /metrics by the runtime): published, duplicates, ignored events, unknown workspaces,
 * refused signatures, bad bodies, failures Slack will retry, and bodies Bolt never acknowledged.
 */
import { Counter, type Registry } from 'prom-client';

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

export function ingressCounter(registry: Registry): CountOutcome {
  const existing = registry.getSingleMetric(INGRESS_REQUESTS_METRIC);
  const counter =
    existing instanceof Counter
      ? (existing as Counter<'outcome'>)
      : new Counter({
          name: INGRESS_REQUESTS_METRIC,
          help: 'Slack Events API requests by outcome',
          labelNames: ['outcome'],
          registers: [registry],
        });
  return (outcome) => counter.inc({ outcome });
}
