/**
 * The platform as operators run it: `konstruct start` in a child process (every service in one
 * process), its Slack port and readiness read from its own log lines, stopped with SIGTERM as a
 * supervisor would, or killed outright to test a crash.
 */
import type { ChildProcess } from 'node:child_process';
import { startKonstruct } from '../run-konstruct.ts';

export interface PlatformProcess {
  /** `http://127.0.0.1:<SLACK_PORT>/slack/events`. */
  readonly slackEventsUrl: string;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, then waits for a graceful exit. */
  stop(): Promise<void>;
  /** SIGKILL: no graceful shutdown, as a crash. */
  kill(): Promise<void>;
}

const START_TIMEOUT_MS = 20_000;

function slackPortIn(line: string): number | undefined {
  if (!line.includes('serving Slack events')) return undefined;
  try {
    const parsed = JSON.parse(line) as { port?: unknown };
    return typeof parsed.port === 'number' ? parsed.port : undefined;
  } catch {
    return undefined;
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('close', () => resolve()));
}

/** Starts `konstruct start` with `env` and resolves once every service runs. */
export function startPlatformProcess(env: NodeJS.ProcessEnv): Promise<PlatformProcess> {
  const child = startKonstruct(['start'], {
    LOG_LEVEL: 'info',
    OPS_PORT: '0',
    SLACK_PORT: '0',
    ...env,
  });
  let log = '';
  let slackPort: number | undefined;
  let running = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`konstruct start did not come up in ${START_TIMEOUT_MS} ms:\n${log}`));
    }, START_TIMEOUT_MS);
    const settleIfReady = () => {
      if (slackPort === undefined || !running) return;
      clearTimeout(timer);
      const port = slackPort;
      resolve({
        slackEventsUrl: `http://127.0.0.1:${port}/slack/events`,
        output: () => log,
        stop: async () => {
          child.kill('SIGTERM');
          await exited(child);
        },
        kill: async () => {
          child.kill('SIGKILL');
          await exited(child);
        },
      });
    };
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      log += text;
      for (const line of text.split('\n')) {
        slackPort ??= slackPortIn(line);
        if (/konstruct running .*ops on :\d+/.test(line)) running = true;
      }
      settleIfReady();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`konstruct start exited (${code}) before it was ready:\n${log}`));
    });
  });
}
