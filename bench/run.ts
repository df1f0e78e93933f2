/**
 * `npm run bench`: runs every benchmark in one process, one after the other, and prints each
 * summary. Every benchmark writes its own `bench/results/<name>.json`. Figures are reported as
 * ratios to the raw NATS rates measured in the same run, since the machines are shared and noisy.
 */
import { runAdminBenchmark } from './admin.bench.ts';
import { formatBusBenchResult, runBusBenchmark } from './bus.bench.ts';
import { runLlmBenchmark } from './llm.bench.ts';
import { runProjectorBenchmark } from './projector.bench.ts';

const benchmarks: ReadonlyArray<{ name: string; run: () => Promise<unknown> }> = [
  {
    name: 'bus',
    run: async () => process.stdout.write(`${formatBusBenchResult(await runBusBenchmark())}\n`),
  },
  { name: 'projector', run: runProjectorBenchmark },
  { name: 'admin', run: runAdminBenchmark },
  { name: 'llm', run: runLlmBenchmark },
  { name: 'slack-ack', run: async () => (await import('./slack-ack.bench.ts')).default() },
  { name: 'slack-e2e', run: async () => (await import('./slack-e2e.bench.ts')).default() },
  { name: 'thread-reads', run: async () => (await import('./thread-reads.bench.ts')).default() },
  { name: 'wake-cost', run: async () => (await import('./wake-cost.bench.ts')).default() },
];

const only = process.argv.slice(2);
for (const benchmark of benchmarks) {
  if (only.length > 0 && !only.includes(benchmark.name)) continue;
  process.stdout.write(`==> ${benchmark.name}\n`);
  await benchmark.run();
}
