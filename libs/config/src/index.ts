/** @konstruct/config: environment parsed once, with every problem named and its fix. */
export { formatByteSize, parseByteSize } from './byte-size.ts';
export { ConfigError, type ConfigProblem } from './config-error.ts';
export { configurationProblem } from './configuration-problem.ts';
export { formatDuration, parseDuration } from './duration.ts';
export {
  byteSizeOrUnlimitedVar,
  durationVar,
  integerVar,
  namespaceVar,
  SECRET_KEY_BYTES,
  secretKeyListVar,
  secretKeyVar,
  urlListVar,
  urlVar,
} from './env-fields.ts';
export { loadConfig } from './load-config.ts';
export { isValidNamespace, NAMESPACE_PATTERN } from './namespace.ts';
export {
  DATABASE_SSL_MODES,
  type DatabaseSslMode,
  envSchema,
  LOG_LEVELS,
  type LogLevel,
  PLATFORM_ENV_DEFAULTS,
  type PlatformConfig,
  platformEnv,
  platformEnvSchema,
  secretKeyEnv,
} from './platform-env.ts';
