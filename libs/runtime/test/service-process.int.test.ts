import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createTestBus, serviceUrls, type TestBus } from '@konstruct/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const FIXTURE = fileURLToPath(new URL('./fixtures/service-process-fixture.ts', import.meta.url));

describe('a service process (runServiceProcess)', () => {
  let bus: TestBus;
  beforeAll(async () => {
    bus = await createTestBus({ streams: false });
  });
  afterAll(async () => {
    await bus.cleanup();
  });

  /** Runs the fixture process with `service`, sends SIGTERM once its stdout shows `marker`; its exit and its output. */
  async function terminateWhenShown(service: string, marker: string) {
    const child = spawn(process.execPath, [FIXTURE, service], {
      env: {
        ...process.env,
        NATS_URL: serviceUrls().natsUrl,
        REDIS_URL: serviceUrls().redisUrl,
        KONSTRUCT_NAMESPACE: bus.namespace,
        OPS_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(marker) && !child.killed) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const [code, signal] = await once(child, 'exit');
    return { exit: { code, signal }, output };
  }

  test('SIGTERM while it is still starting: it finishes starting, then stops gracefully', async () => {
    const { exit, output } = await terminateWhenShown('slow-start', 'starting');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(output).toContain('stopped gracefully');
  }, 20_000);

  test('SIGTERM as its start ends, then a handle left open after the stop: it still stops gracefully, says what is open and exits', async () => {
    const { exit, output } = await terminateWhenShown('leaky-stop', 'started');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(output).toContain('handles still open after the stop');
    expect(output).toContain('Timeout');
  }, 20_000);
});
