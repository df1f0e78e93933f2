export { busMetricsFrom } from './bus-metrics.ts';
export { databaseSsl, openAppDatabase, openOwnerDatabase } from './database-connections.ts';
export { natsConnectOptions } from './nats-connection.ts';
export { readinessProbes } from './readiness-probes.ts';
export { openRedis } from './redis-connection.ts';
export {
  ensurePlatformStreams,
  type RunningPlatform,
  type RunPlatformOptions,
  runPlatform,
  streamLimitsOf,
} from './run-platform.ts';
export type {
  RunningService,
  ServiceContext,
  ServiceDefinition,
  SharedConnection,
} from './service-definition.ts';
export {
  runServiceProcess,
  type StopSignals,
  stopOnSignals,
  watchStopSignals,
} from './service-process.ts';
