/**
 * What every command registration gets: the parsed config (once, on first use), the raw
 * environment (for optional secrets), and the output.
 */
import type { PlatformConfig } from '@konstruct/config';
import type { Output } from './cli-output.ts';

export interface CliEnvironment {
  readonly config: () => PlatformConfig;
  readonly env: NodeJS.ProcessEnv;
  readonly output: Output;
}
