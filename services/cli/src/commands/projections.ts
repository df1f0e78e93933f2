/**
 * `konstruct projections rebuild [name…]`: rebuilds projections of the read model from the events
 * stream (OPS-02), safely while the platform runs; it connects as the OWNER (DATABASE_URL),
 * because emptying the RLS-forced tables takes the owner's TRUNCATE (see @konstruct/projections).
 * `konstruct projections status`: each projection's checkpoint against the stream's last
 * sequence, read as the app role. `--json` prints one JSON object.
 */
import type { PlatformConfig } from '@konstruct/config';
import {
  type ProjectionStatus,
  projectionNames,
  projectionStatus,
  type RebuildResult,
  rebuildProjections,
} from '@konstruct/projections';
import { ensurePlatformStreams, openAppDatabase, openOwnerDatabase } from '@konstruct/runtime';
import { subjectsFor } from '@konstruct/schemas';
import type { Command } from 'commander';
import { withNats } from '../cli-connections.ts';
import type { CliEnvironment } from '../cli-environment.ts';
import type { Output } from '../cli-output.ts';

interface JsonOption {
  readonly json?: boolean;
}

export async function runRebuild(
  config: PlatformConfig,
  names: readonly string[],
  options: JsonOption,
  output: Output,
): Promise<RebuildResult> {
  return withNats(config, async (nats, logger) => {
    await ensurePlatformStreams(nats, config, logger);
    const db = openOwnerDatabase(config, 'konstruct-projections');
    try {
      const subjects = subjectsFor(config.KONSTRUCT_NAMESPACE);
      const result = await rebuildProjections({ db, nc: nats, subjects, names });
      printRebuild(result, options, output);
      return result;
    } finally {
      await db.destroy();
    }
  });
}

function printRebuild(result: RebuildResult, options: JsonOption, output: Output): void {
  if (options.json) {
    output.json(result);
    return;
  }
  output.line(
    `rebuilt ${result.projections.join(', ')} up to stream sequence ${result.lastSequence}: ` +
      `${result.applied} events in ${result.durationMs} ms`,
  );
  for (const skipped of result.skipped) {
    output.line(`skipped #${skipped.sequence}: ${skipped.reason}`);
  }
}

export async function runStatus(
  config: PlatformConfig,
  options: JsonOption,
  output: Output,
): Promise<ProjectionStatus> {
  return withNats(config, async (nats, logger) => {
    await ensurePlatformStreams(nats, config, logger);
    const db = await openAppDatabase(config, 'konstruct-projections', { poolSize: 1, logger });
    try {
      const subjects = subjectsFor(config.KONSTRUCT_NAMESPACE);
      const status = await projectionStatus({ db, nc: nats, subjects });
      printStatus(status, options, output);
      return status;
    } finally {
      await db.destroy();
    }
  });
}

function printStatus(status: ProjectionStatus, options: JsonOption, output: Output): void {
  if (options.json) {
    output.json(status);
    return;
  }
  output.line(`stream last sequence  ${status.streamLastSequence}`);
  const width = Math.max(...status.projections.map((p) => p.projection.length));
  for (const { projection, lastSequence, behind } of status.projections) {
    const state = behind === 0 ? 'up to date' : `${behind} behind`;
    output.line(`${projection.padEnd(width)}  ${String(lastSequence).padStart(8)}  ${state}`);
  }
}

export function registerProjectionCommands(program: Command, cli: CliEnvironment): void {
  const projections = program
    .command('projections')
    .description(
      'Rebuild the Postgres read model from the events stream, or show where it stands.',
    );
  projections
    .command('rebuild')
    .description(
      'Rebuild projections from the stream, safely while the platform runs (connects as the owner, DATABASE_URL).',
    )
    .argument('[name...]', `projections to rebuild (default: all): ${projectionNames.join(', ')}`)
    .option('--json', 'print one JSON object')
    .action(async (names: string[], options: JsonOption) => {
      await runRebuild(cli.config(), names, options, cli.output);
    });
  projections
    .command('status')
    .description("Show each projection's checkpoint against the stream's last sequence.")
    .option('--json', 'print one JSON object')
    .action(async (options: JsonOption) => {
      await runStatus(cli.config(), options, cli.output);
    });
}
