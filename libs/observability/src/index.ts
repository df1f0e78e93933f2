/** @konstruct/observability: structured logs, W3C trace context, Prometheus metrics, ops HTTP. */
export { deferredLogger } from './deferred-logger.ts';
export {
  createLogger,
  type EventLogContext,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  loggerForEvent,
  REDACT_PATHS,
  REDACTED,
  SECRET_FIELDS,
} from './logger.ts';
export {
  type ConsumedLabels,
  type ConsumeOutcome,
  createMetrics,
  type DeadLetteredLabels,
  type HandlerLabels,
  type Metrics,
  type MetricsOptions,
  type NatsTraffic,
} from './metrics.ts';
export { type OpsServer, type OpsServerOptions, startOpsServer } from './ops-server.ts';
export {
  checkReadiness,
  DEFAULT_PROBE_TIMEOUT_MS,
  type ReadinessProbe,
  type ReadinessReport,
} from './readiness.ts';
export {
  childTraceparent,
  formatTraceparent,
  newTraceparent,
  parseTraceparent,
  type TraceContext,
  traceIdOf,
} from './traceparent.ts';
