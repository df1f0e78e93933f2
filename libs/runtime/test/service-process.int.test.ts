import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createTestBus, serviceUrls, type TestBus } from '@konstruct/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const FIXTURE = fileURLToPath(new URL('./fixtures/slow-start-process.ts', import.meta.url));

describe('a service process (runServiceProcess)', () => {
  let bus: TestBus;
  beforeAll(async () => {
    bus = await createTestBus({ streams: false });
  });
  afterAll(async () => {
    await bus.cleanup();
  });

  test('SIGTERM while it is still starting: it finishes starting, then stops gracefully', async () => {
    const child = spawn(process.execPath, [FIXTURE], {
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
      if (output.includes('starting') && !child.killed) child.kill('SIGTERM');
    });
    child.stderr.resume();
    const [code, signal] = await once(child, 'exit');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(output).toContain('stopped gracefully');
  }, 20_000);
});
