/**
 * What happened to each request Slack sent, as one Prometheus counter on the process's registry
 * (served at /metrics by the runtime): published, duplicates, ignored events, unknown workspaces,
 * refused signatures, bad bodies and failures Slack will retry.
 */
import { Counter, type Registry } from 'prom-client';

export type IngressOutcome =
  | 'published'
  | 'duplicate'
  | 'url_verification'
  | 'ignored'
  | 'unknown_workspace'
  | 'bad_signature'
  | 'invalid_body'
  | 'failed';

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
