/**
 * The life of a service process, the same for every service and for `konstruct start`: start the
 * platform, stop it gracefully on the first SIGTERM or SIGINT (in-flight work finishes first),
 * end the process even if a handle was left open (logged), and turn a configuration or start-up
 * failure into one line on stderr and exit code 1.
 */
import type { RunningPlatform } from './run-platform.ts';

/** Stops the platform; a failed stop is logged and makes the exit code 1. */
async function stopPlatform(platform: RunningPlatform): Promise<void> {
  await platform.stop().catch((error: unknown) => {
    platform.logger.error({ err: error }, 'stop failed');
    process.exitCode = 1;
  });
}

/**
 * The first SIGTERM or SIGINT, from the moment this is called: the one listener stays installed
 * until a signal comes (removing a listener restores the default disposition, so a listener
 * swapped for another would leave a moment in which a signal kills the process outright); once
 * it has come, a second signal has Node's default effect (an operator's way to force the exit).
 */
function firstSignal() {
  let seen: NodeJS.Signals | undefined;
  let onSignal: (signal: NodeJS.Signals) => void = () => {};
  const stopListening = () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
  const received = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = (signal) => {
      stopListening();
      seen = signal;
      resolve(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  return {
    received,
    /** The signal, if one has come. */
    seen: (): NodeJS.Signals | undefined => seen,
    /** Gives signals back their default effect (nothing is left to stop). */
    stopListening,
  };
}

/** Resolves once the platform has stopped after SIGTERM or SIGINT. */
export async function stopOnSignals(platform: RunningPlatform): Promise<void> {
  const signal = await firstSignal().received;
  platform.logger.info({ signal }, 'stopping');
  await stopPlatform(platform);
}

/** How long a stopped process may take to end by itself before it is ended. */
const EXIT_AFTER_STOP_MS = 2_000;

/**
 * After the platform has stopped nothing should hold the event loop. If something does (a
 * handle a service forgot, a client connection a server still waits for), the process would
 * hang until its supervisor kills it: say what is left open, then exit with the stop's code.
 * The timer is unref'd, so a clean process ends at once without waiting for it.
 */
function exitIfLeftOpen(logger: RunningPlatform['logger']): void {
  setTimeout(() => {
    logger.warn(
      { resources: process.getActiveResourcesInfo() },
      'handles still open after the stop; exiting',
    );
    process.exit();
  }, EXIT_AFTER_STOP_MS).unref();
}

/** The whole `main.ts` of a service: `await runServiceProcess('router', () => runPlatform(…))`. */
export async function runServiceProcess(
  name: string,
  start: () => Promise<RunningPlatform>,
): Promise<void> {
  // A signal while starting (a supervisor may act on the "platform started" line at once) is
  // held until the platform is up, then it stops gracefully, instead of Node's default exit.
  const signal = firstSignal();
  let platform: RunningPlatform;
  try {
    platform = await start();
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? ` (${String(error.code)})` : '';
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${name} failed to start${code}: ${message}\n`);
    process.exitCode = 1;
    signal.stopListening();
    return;
  }
  const whileStarting = signal.seen();
  if (whileStarting === undefined) {
    platform.logger.info({ signal: await signal.received }, 'stopping');
  } else {
    platform.logger.info({ signal: whileStarting }, 'stopping (signalled while starting)');
  }
  await stopPlatform(platform);
  exitIfLeftOpen(platform.logger);
}
