/**
 * What readiness probes and `konstruct doctor` need to know about the NATS server: who it is,
 * its version and capabilities, and whether JetStream answers for our account.
 */
import { type JetStreamAccountStats, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { capabilitiesOf, type ServerCapabilities } from './server-capabilities.ts';

export interface NatsServerInfo {
  readonly connectedServer: string;
  readonly serverName: string | undefined;
  readonly serverId: string | undefined;
  readonly version: string | undefined;
  readonly capabilities: ServerCapabilities;
  /** JetStream answered an account-info request. */
  readonly jetstream: boolean;
  /** Why JetStream is not usable, when it is not. */
  readonly jetstreamError: string | undefined;
  readonly account:
    | {
        readonly streams: number;
        readonly consumers: number;
        readonly storageBytes: number;
        readonly memoryBytes: number;
      }
    | undefined;
}

function accountSummary(stats: JetStreamAccountStats): NonNullable<NatsServerInfo['account']> {
  return {
    streams: stats.streams,
    consumers: stats.consumers,
    storageBytes: stats.storage,
    memoryBytes: stats.memory,
  };
}

/** Never throws for a JetStream problem: it is reported in `jetstream`/`jetstreamError`. */
export async function natsServerInfo(
  nc: NatsConnection,
  options: { readonly timeoutMs?: number } = {},
): Promise<NatsServerInfo> {
  const info = nc.info;
  let account: NatsServerInfo['account'];
  let jetstreamError: string | undefined;
  try {
    const jsm = await jetstreamManager(nc, {
      timeout: options.timeoutMs ?? 5_000,
      checkAPI: false,
    });
    account = accountSummary(await jsm.getAccountInfo());
  } catch (error) {
    jetstreamError = error instanceof Error ? error.message : String(error);
  }
  return {
    connectedServer: nc.getServer(),
    serverName: info?.server_name,
    serverId: info?.server_id,
    version: info?.version,
    capabilities: capabilitiesOf(info?.version),
    jetstream: account !== undefined,
    jetstreamError,
    account,
  };
}
