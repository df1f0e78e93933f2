/**
 * The life of a service process, the same for every service and for `konstruct start`: start the
 * platform, stop it gracefully on the first SIGTERM or SIGINT (in-flight work finishes first),
 * and turn a configuration or start-up failure into one line on stderr and exit code 1.
 */
import type { RunningPlatform } from './run-platform.ts';

/** Resolves once the platform has stopped after SIGTERM or SIGINT. */
export function stopOnSignals(platform: RunningPlatform): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      platform.logger.info({ signal }, 'stopping');
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      platform.stop().then(resolve, (error: unknown) => {
        platform.logger.error({ err: error }, 'stop failed');
        process.exitCode = 1;
        resolve();
      });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

/** The whole `main.ts` of a service: `await runServiceProcess('router', () => runPlatform(…))`. */
export async function runServiceProcess(
  name: string,
  start: () => Promise<RunningPlatform>,
): Promise<void> {
  // A signal while starting (a supervisor may act on the "platform started" line at once) is
  // held until the platform is up, then it stops gracefully, instead of Node's default exit.
  let signalledWhileStarting: NodeJS.Signals | undefined;
  const hold = (signal: NodeJS.Signals) => {
    signalledWhileStarting ??= signal;
  };
  process.on('SIGTERM', hold);
  process.on('SIGINT', hold);
  let platform: RunningPlatform;
  try {
    platform = await start();
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? ` (${String(error.code)})` : '';
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${name} failed to start${code}: ${message}\n`);
    process.exitCode = 1;
    return;
  } finally {
    process.off('SIGTERM', hold);
    process.off('SIGINT', hold);
  }
  if (signalledWhileStarting !== undefined) {
    platform.logger.info({ signal: signalledWhileStarting }, 'stopping (signalled while starting)');
    await platform.stop().catch((error: unknown) => {
      platform.logger.error({ err: error }, 'stop failed');
      process.exitCode = 1;
    });
    return;
  }
  await stopOnSignals(platform);
}
