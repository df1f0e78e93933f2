/**
 * The `konstruct` command tree. Every command has `--help`; configuration comes from the
 * environment (see the README's configuration table), parsed once when a command first needs it.
 */
import { loadConfig, type PlatformConfig, platformEnvSchema } from '@konstruct/config';
import { Command } from 'commander';
import { CliError, type Output } from './cli-output.ts';
import { registerAgentCommands } from './commands/agent.ts';
import { type AuditOptions, runAudit } from './commands/audit.ts';
import { registerConnectionCommands } from './commands/connection.ts';
import { runDoctor } from './commands/doctor.ts';
import { registerMemberCommands } from './commands/member.ts';
import { runMigrate } from './commands/migrate.ts';
import { registerProjectionCommands } from './commands/projections.ts';
import { runStart } from './commands/start.ts';
import { registerTenantCommands } from './commands/tenant.ts';
import { registerUserCommands } from './commands/user.ts';
import { serviceCatalog } from './service-catalog.ts';

export interface ProgramDeps {
  readonly output: Output;
  readonly env: NodeJS.ProcessEnv;
}

export function buildProgram(deps: ProgramDeps): Command {
  let config: PlatformConfig | undefined;
  const platformConfig = () => {
    config ??= loadConfig(platformEnvSchema, deps.env);
    return config;
  };
  const program = new Command('konstruct')
    .description('Konstruct: AI employees for Slack and web chat, on NATS JetStream.')
    .showHelpAfterError()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
    });

  program
    .command('doctor')
    .description(
      'Check NATS (JetStream), Postgres (migrations, app role) and Redis; say how to fix what is wrong.',
    )
    .option('--json', 'print one JSON object instead of lines')
    .action(async (options: { json?: boolean }) => {
      const healthy = await runDoctor(platformConfig(), options, deps.output);
      if (!healthy) throw new CliError('DoctorFailed', 'doctor found problems', { exitCode: 1 });
    });

  program
    .command('migrate')
    .description('Apply the SQL migrations in migrations/ as the owner (DATABASE_URL).')
    .option('--to <migration>', "migrate up or down to this migration name, or 'none' to undo all")
    .option('--json', 'print one JSON object instead of lines')
    .action(async (options: { to?: string; json?: boolean }) => {
      await runMigrate(platformConfig(), options, deps.output);
    });

  const serviceNames = serviceCatalog.map((service) => service.name);
  program
    .command('start')
    .description(
      `Run the platform: by default every service in this one process, or only the named ones (one per process in production). Services: ${serviceNames.length > 0 ? serviceNames.join(', ') : '(none registered yet)'}.`,
    )
    .argument('[service...]', 'services to run (default: all)')
    .action(async (names: string[]) => {
      await runStart(platformConfig(), names, deps.output);
    });

  program
    .command('audit')
    .description(
      "Print events from the stream itself: one tenant's, or every tenant's for platform admins; ends at the stream's end unless --follow.",
    )
    .option('--tenant <id>', 'the tenant whose events to print')
    .option('--all-tenants', 'every tenant (platform admins)')
    .option('--since <time>', 'from an ISO time, or a duration ago (15m, 2h, 7d)')
    .option('--from-seq <n>', 'from this stream sequence')
    .option('--type <type>', 'only this event type (repeat or comma-separate)', collect, [])
    .option('--conversation <id>', 'only this conversation (with --tenant)')
    .option('--follow', 'keep printing new events until interrupted')
    .option('--json', 'one JSON event per line (with its stream sequence)')
    .action(async (options: AuditOptions) => {
      await runAudit(platformConfig(), options, deps.output);
    });

  const cli = { config: platformConfig, env: deps.env, output: deps.output };
  registerTenantCommands(program, cli);
  registerAgentCommands(program, cli);
  registerConnectionCommands(program, cli);
  registerMemberCommands(program, cli);
  registerUserCommands(program, cli);
  registerProjectionCommands(program, cli);

  return program;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
