/**
 * `konstruct connection add-slack|list|show|remove` (PRTA-04): connect a Slack workspace to a
 * tenant. The bot token is encrypted before it leaves this process and is only ever shown masked.
 */
import {
  addSlackConnection,
  removeConnection,
  slackBotTokenContext,
} from '@konstruct/admin-commands';
import { getConnection, listConnections, tenantOf } from '@konstruct/read-model';
import type { Command } from 'commander';
import { type AdminContext, withAdminContext } from '../admin-context.ts';
import type { CliEnvironment } from '../cli-environment.ts';
import { CliError } from '../cli-output.ts';
import { printList, printResource } from '../print-resource.ts';
import { identifySlackBot } from '../slack-identity.ts';
import { resolveTenant } from './tenant.ts';

interface AddSlackOptions {
  readonly tenant: string;
  readonly teamId: string;
  readonly botToken: string;
  readonly botUserId?: string;
  readonly teamName?: string;
  readonly agent?: string;
  readonly json?: boolean;
}

function tokenShower(context: AdminContext, tenantId: string) {
  return (stored: unknown, connectionId: string) =>
    context.showSecret(stored, slackBotTokenContext(tenantId, connectionId));
}

async function shownConnection(
  context: AdminContext,
  tenantId: string,
  connectionId: string,
  sequence: number,
) {
  await context.settle(sequence);
  const shown = await getConnection(
    context.db,
    tenantId,
    connectionId,
    tokenShower(context, tenantId),
  );
  if (shown === undefined)
    throw new CliError('ConnectionNotFound', `no connection with id "${connectionId}"`);
  return shown;
}

async function addSlack(cli: CliEnvironment, context: AdminContext, options: AddSlackOptions) {
  if (context.keyring === undefined) {
    throw new CliError(
      'MissingSecretKey',
      'KONSTRUCT_SECRET_KEY is not set: bot tokens are stored encrypted with it (generate one with `openssl rand -base64 32`)',
    );
  }
  const tenant = await resolveTenant(context, options.tenant);
  const identity =
    options.botUserId === undefined
      ? await identifySlackBot(options.botToken, cli.config().SLACK_API_URL)
      : undefined;
  if (identity !== undefined && identity.teamId !== options.teamId) {
    throw new CliError(
      'SlackTeamMismatch',
      `the bot token belongs to workspace ${identity.teamId}, not ${options.teamId}`,
    );
  }
  const teamName = options.teamName ?? identity?.teamName;
  const result = await addSlackConnection(
    { ...context.store, keyring: context.keyring },
    {
      tenantId: tenant.id,
      teamId: options.teamId,
      botUserId: options.botUserId ?? identity?.botUserId,
      botToken: options.botToken,
      agentId: options.agent ?? null,
      ...(teamName === undefined ? {} : { teamName }),
    },
  );
  return shownConnection(context, tenant.id, result.id, result.sequence);
}

export function registerConnectionCommands(program: Command, cli: CliEnvironment): void {
  const connection = program
    .command('connection')
    .description('Connect channels (Slack workspaces) to tenants.');
  const run = <T>(reason: string, work: (context: AdminContext) => Promise<T>) =>
    withAdminContext(cli.config(), cli.env, reason, work);

  connection
    .command('add-slack')
    .description(
      'Connect a Slack workspace to a tenant (needs KONSTRUCT_SECRET_KEY to encrypt the token).',
    )
    .requiredOption('--tenant <id|slug>', 'the tenant')
    .requiredOption('--team-id <T…>', "the workspace's team id")
    .requiredOption('--bot-token <xoxb-…>', "the app's bot token")
    .option('--bot-user-id <U…>', "the bot's user id (default: asked from Slack's auth.test)")
    .option('--team-name <name>', "the workspace's name (default: from auth.test)")
    .option(
      '--agent <id>',
      "the agent that answers (default: none bound; each message goes to the tenant's active agent when it is routed)",
    )
    .option('--json', 'print the connection as one JSON object')
    .action((options: AddSlackOptions) =>
      run('connection add-slack', async (context) => {
        printResource(cli.output, await addSlack(cli, context, options), options.json);
      }),
    );

  connection
    .command('list')
    .description("List a tenant's channel connections.")
    .requiredOption('--tenant <id|slug>', 'the tenant')
    .option('--json', 'print a JSON array')
    .action((options: { tenant: string; json?: boolean }) =>
      run('connection list', async (context) => {
        const tenant = await resolveTenant(context, options.tenant);
        const rows = await listConnections(context.db, tenant.id, tokenShower(context, tenant.id));
        printList(cli.output, rows, options.json, [
          'id',
          'channel',
          'teamId',
          'botUserId',
          'agentId',
          'status',
        ]);
      }),
    );

  connection
    .command('remove')
    .description('Disconnect a channel; its messages are ignored from then on.')
    .argument('<id>')
    .option('--json', 'print the removed connection as one JSON object')
    .action((connectionId: string, options: { json?: boolean }) =>
      run('connection remove', async (context) => {
        const tenantId = await tenantOf(
          context.db,
          context.reader,
          'channel_connections',
          connectionId,
        );
        if (tenantId === undefined)
          throw new CliError('ConnectionNotFound', `no connection with id "${connectionId}"`);
        const result = await removeConnection(context.store, { tenantId, connectionId });
        printResource(
          cli.output,
          await shownConnection(context, tenantId, connectionId, result.sequence),
          options.json,
        );
      }),
    );
}
