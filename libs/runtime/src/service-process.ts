/**
 * The life of a service process, the same for every service's `main.ts` and for `konstruct
 * start`: listen for SIGTERM/SIGINT before the platform starts (a signal while starting is held
 * until it is up), stop it gracefully on the first one (in-flight work finishes first), end the
 * process even if a handle was left open (logged), and — in `runServiceProcess` — turn a
 * configuration or start-up failure into one line on stderr and exit code 1.
 */
import type { RunningPlatform } from './run-platform.ts';

/** The first SIGTERM or SIGINT since `watchStopSignals()` was called. */
export interface StopSignals {
  readonly received: Promise<NodeJS.Signals>;
  /** The signal, if one has come. */
  seen(): NodeJS.Signals | undefined;
  /** Gives signals back their default effect (nothing is left to stop). */
  stopListening(): void;
}

/**
 * Call before starting the platform. The one listener stays installed until a signal comes
 * (removing a listener restores the default disposition, so a listener swapped for another would
 * leave a moment in which a signal kills the process outright); once it has come, a second signal
 * has Node's default effect (an operator's way to force the exit).
 */
export function watchStopSignals(): StopSignals {
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
  return { received, seen: () => seen, stopListening };
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

/**
 * Resolves once the platform has stopped after the first SIGTERM or SIGINT of `signals` (watched
 * from now when not given); a failed stop is logged and makes the exit code 1. The process then
 * ends even if a handle was left open.
 */
export async function stopOnSignals(
  platform: RunningPlatform,
  signals: StopSignals = watchStopSignals(),
): Promise<void> {
  const whileStarting = signals.seen() !== undefined;
  const signal = await signals.received;
  platform.logger.info(
    { signal },
    whileStarting ? 'stopping (signalled while starting)' : 'stopping',
  );
  await platform.stop().catch((error: unknown) => {
    platform.logger.error({ err: error }, 'stop failed');
    process.exitCode = 1;
  });
  exitIfLeftOpen(platform.logger);
}

/** The whole `main.ts` of a service: `await runServiceProcess('router', () => runPlatform(…))`. */
export async function runServiceProcess(
  name: string,
  start: () => Promise<RunningPlatform>,
): Promise<void> {
  // a supervisor may signal as soon as it reads the "platform started" line
  const signals = watchStopSignals();
  let platform: RunningPlatform;
  try {
    platform = await start();
  } catch (error) {
    signals.stopListening();
    const code = error instanceof Error && 'code' in error ? ` (${String(error.code)})` : '';
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${name} failed to start${code}: ${message}\n`);
    process.exitCode = 1;
    return;
  }
  await stopOnSignals(platform, signals);
}
