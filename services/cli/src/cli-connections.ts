/**
 * Short-lived connections for CLI commands: NATS with a connect deadline (a command must fail
 * with a clear message, not wait forever), closed when the command ends.
 */
import { connectBus } from '@konstruct/bus';
import type { PlatformConfig } from '@konstruct/config';
import { createLogger, type Logger } from '@konstruct/observability';
import { natsConnectOptions } from '@konstruct/runtime';
import type { NatsConnection } from '@nats-io/transport-node';
import { CliError } from './cli-output.ts';

export function cliLogger(config: PlatformConfig): Logger {
  return createLogger({
    level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL,
    service: 'cli',
    namespace: config.KONSTRUCT_NAMESPACE,
    destination: process.stderr,
  });
}

export async function withNats<T>(
  config: PlatformConfig,
  work: (nats: NatsConnection, logger: Logger) => Promise<T>,
): Promise<T> {
  const logger = cliLogger(config);
  let nats: NatsConnection;
  try {
    nats = await connectBus({
      ...natsConnectOptions(config, 'cli'),
      logger,
      signal: AbortSignal.timeout(5_000),
    });
  } catch (error) {
    throw new CliError(
      'NatsUnavailable',
      `cannot reach NATS at ${config.NATS_URL.join(',')}; run \`konstruct doctor\` for the fix`,
      { cause: error },
    );
  }
  try {
    return await work(nats, logger);
  } finally {
    await nats.drain().catch(() => nats.close());
  }
}
