/**
 * NATS connection settings from the platform config: servers, TLS files and creds.
 */
import type { ConnectBusOptions } from '@konstruct/bus';
import type { PlatformConfig } from '@konstruct/config';

export function natsConnectOptions(
  config: PlatformConfig,
  processName: string,
): Pick<ConnectBusOptions, 'servers' | 'name' | 'tls' | 'credsFile'> {
  const tls = {
    ...(config.NATS_TLS_CA_FILE === undefined ? {} : { caFile: config.NATS_TLS_CA_FILE }),
    ...(config.NATS_TLS_CERT_FILE === undefined ? {} : { certFile: config.NATS_TLS_CERT_FILE }),
    ...(config.NATS_TLS_KEY_FILE === undefined ? {} : { keyFile: config.NATS_TLS_KEY_FILE }),
  };
  return {
    servers: config.NATS_URL,
    name: `${config.KONSTRUCT_NAMESPACE}-${processName}`,
    ...(Object.keys(tls).length === 0 ? {} : { tls }),
    ...(config.NATS_CREDS_FILE === undefined ? {} : { credsFile: config.NATS_CREDS_FILE }),
  };
}
