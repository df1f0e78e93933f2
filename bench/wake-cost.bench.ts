/**
 * What a wake-up costs on this machine, apart from the platform: a loopback TCP round trip
 * between this process and an echo server in a child process, back to back and spaced by a
 * timer gap (1, 2, 10 ms), in CPU microseconds of this process per round trip. Back to back
 * the process never sleeps; spaced, it sleeps and wakes twice per round trip (the timer, then
 * the echo). On the 2-vCPU virtual machines this project is measured on, a spaced round trip
 * costs several times a back-to-back one — the reason the Slack pipeline's CPU per message
 * grows as the rate falls (docs/performance.md). Writes bench/results/wake-cost.json.
 * Run alone: `node bench/run.ts wake-cost`.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const ECHO_SERVER = `
const server = require('node:net').createServer((socket) => socket.on('data', (d) => socket.write(d)));
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

const BACK_TO_BACK = 20_000;
const SPACED = 500;
const GAPS_MS = [1, 2, 10];

const round = (value: number) => Math.round(value * 10) / 10;

/** `count` round trips, each sent `gapMs` after the previous answer (0: at once). */
async function roundTrips(socket: Socket, count: number, gapMs: number) {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    if (gapMs > 0) await sleep(gapMs);
    const answered = once(socket, 'data');
    socket.write('x');
    await answered;
  }
  const cpu = process.cpuUsage(cpuBefore);
  return {
    gapMs,
    roundTrips: count,
    cpuMicrosPerRoundTrip: round((cpu.user + cpu.system) / count),
    wallMsPerRoundTrip: round((performance.now() - started) / count - gapMs),
  };
}

export async function runWakeCostBenchmark() {
  const server = spawn(process.execPath, ['-e', ECHO_SERVER], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const [line] = (await once(server.stdout, 'data')) as [Buffer];
    const socket = connect(Number(line.toString().trim()), '127.0.0.1');
    socket.setNoDelay(true);
    await once(socket, 'connect');
    await roundTrips(socket, 2_000, 0); // warm-up
    const backToBack = await roundTrips(socket, BACK_TO_BACK, 0);
    const spaced = [];
    for (const gapMs of GAPS_MS) spaced.push(await roundTrips(socket, SPACED, gapMs));
    socket.destroy();
    const result = {
      date: new Date().toISOString(),
      node: process.version,
      backToBack,
      spaced: spaced.map((run) => ({
        ...run,
        ratioToBackToBack: round(run.cpuMicrosPerRoundTrip / backToBack.cpuMicrosPerRoundTrip),
      })),
    };
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(
      new URL('./results/wake-cost.json', import.meta.url),
      `${JSON.stringify(result, null, 2)}\n`,
    );
    process.stdout.write(
      `wake-cost: CPU per loopback round trip back to back ${backToBack.cpuMicrosPerRoundTrip} µs; ` +
        result.spaced
          .map(
            (run) =>
              `${run.gapMs} ms apart ${run.cpuMicrosPerRoundTrip} µs (×${run.ratioToBackToBack})`,
          )
          .join(', ') +
        '\n',
    );
    return result;
  } finally {
    server.kill();
  }
}

export default runWakeCostBenchmark;
