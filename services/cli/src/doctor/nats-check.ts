/**
 * Doctor check for NATS: the server answers, its version, and whether JetStream is enabled for
 * our account (the platform cannot run without it).
 */
import { connectBus, natsServerInfo } from '@konstruct/bus';
import type { PlatformConfig } from '@konstruct/config';
import { createLogger } from '@konstruct/observability';
import { natsConnectOptions } from '@konstruct/runtime';
import { type CheckResult, errorText, failed, passed } from './check-result.ts';

const START_NATS =
  'start NATS with JetStream (Debian: start-stop-daemon --start --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server; or `docker compose up nats`) or point NATS_URL at it';

export async function checkNats(config: PlatformConfig): Promise<CheckResult[]> {
  const servers = config.NATS_URL.join(',');
  const logger = createLogger({
    level: 'silent',
    service: 'doctor',
    namespace: config.KONSTRUCT_NAMESPACE,
  });
  let nats: Awaited<ReturnType<typeof connectBus>>;
  try {
    nats = await connectBus({
      ...natsConnectOptions(config, 'doctor'),
      logger,
      signal: AbortSignal.timeout(3_000),
    });
  } catch (error) {
    return [
      failed(
        'nats',
        `cannot reach ${servers}: ${errorText(error instanceof Error && error.cause !== undefined ? error.cause : error)}`,
        START_NATS,
      ),
    ];
  }
  try {
    const info = await natsServerInfo(nats, { timeoutMs: 3_000 });
    const server = passed('nats', `NATS ${info.version ?? '?'} at ${info.connectedServer}`);
    const jetstream = info.jetstream
      ? passed('jetstream', `enabled (${info.account?.streams ?? 0} streams in the account)`)
      : failed(
          'jetstream',
          `not available: ${info.jetstreamError ?? 'unknown reason'}`,
          'restart nats-server with JetStream on (`-js`, or `jetstream {}` in its config)',
        );
    return [server, jetstream];
  } finally {
    await nats.close();
  }
}
