/**
 * `konstruct agent create|list|show|update|deactivate` (AGNT-01): every field of an AI employee.
 * `update` changes only the fields given; `create` suggests nothing — pass `--name` (see
 * `suggestAgentName` in the portal for human-like defaults).
 */
import { configureAgent, deactivateAgent } from '@konstruct/admin-commands';
import { getAgent, listAgents, tenantOf } from '@konstruct/read-model';
import type { Command } from 'commander';
import { type AdminContext, withAdminContext } from '../admin-context.ts';
import type { CliEnvironment } from '../cli-environment.ts';
import { CliError } from '../cli-output.ts';
import { parseInteger } from '../option-parsers.ts';
import { printList, printResource } from '../print-resource.ts';
import { resolveTenant } from './tenant.ts';

interface AgentFieldOptions {
  readonly name?: string;
  readonly role?: string;
  readonly persona?: string;
  readonly systemPrompt?: string;
  readonly jobDescription?: string;
  readonly statementOfWork?: string;
  readonly model?: string;
  readonly tool?: string[];
  readonly escalateOnKeyword?: string[];
  readonly escalateOnHumanRequest?: boolean;
  readonly escalationChannel?: string;
  readonly escalationEmail?: string;
  readonly expectedVersion?: number;
  readonly json?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function withAgentFields(command: Command): Command {
  return command
    .option('--name <name>', 'a human name, e.g. Mara')
    .option('--role <role>', 'what the agent does, e.g. "Customer success specialist"')
    .option('--persona <text>', 'personality and tone (default tone: professional and warm)')
    .option('--system-prompt <text>', "the operator's instructions, added to the generated prompt")
    .option('--job-description <text>', 'job description')
    .option('--statement-of-work <text>', 'statement of work')
    .option('--model <group>', 'model preference: fast or quality')
    .option('--tool <name>', 'assign a tool (repeat for several; replaces the list)', collect)
    .option('--escalate-on-keyword <word>', 'escalate when a message contains it (repeat)', collect)
    .option('--escalate-on-human-request', 'escalate when someone asks for a human')
    .option('--escalation-channel <id>', 'Slack channel id notified on escalation')
    .option('--escalation-email <email>', 'address notified on escalation')
    .option('--json', 'print the agent as one JSON object');
}

function agentFields(options: AgentFieldOptions): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const copy = {
    name: options.name,
    role: options.role,
    persona: options.persona,
    systemPrompt: options.systemPrompt,
    jobDescription: options.jobDescription,
    statementOfWork: options.statementOfWork,
    modelPreference: options.model,
    tools: options.tool,
    expectedVersion: options.expectedVersion,
  };
  for (const [key, value] of Object.entries(copy)) if (value !== undefined) fields[key] = value;
  const rules: unknown[] = [];
  if (options.escalateOnKeyword !== undefined)
    rules.push({ kind: 'keyword', keywords: options.escalateOnKeyword });
  if (options.escalateOnHumanRequest) rules.push({ kind: 'human_requested' });
  if (rules.length > 0) fields.escalationRules = rules;
  if (options.escalationChannel !== undefined || options.escalationEmail !== undefined) {
    fields.escalationTarget = {
      ...(options.escalationChannel === undefined
        ? {}
        : { slackChannelId: options.escalationChannel }),
      ...(options.escalationEmail === undefined ? {} : { email: options.escalationEmail }),
    };
  }
  return fields;
}

export async function resolveAgentTenant(context: AdminContext, agentId: string): Promise<string> {
  const tenantId = await tenantOf(context.db, context.reader, 'agents', agentId);
  if (tenantId === undefined) throw new CliError('AgentNotFound', `no agent with id "${agentId}"`);
  return tenantId;
}

async function shownAgent(
  context: AdminContext,
  tenantId: string,
  agentId: string,
  sequence: number,
) {
  await context.settle(sequence);
  const agent = await getAgent(context.db, tenantId, agentId);
  if (agent === undefined) throw new CliError('AgentNotFound', `no agent with id "${agentId}"`);
  return agent;
}

export function registerAgentCommands(program: Command, cli: CliEnvironment): void {
  const agent = program
    .command('agent')
    .description('Design AI employees: create, list, show, update, deactivate.');
  const run = <T>(reason: string, work: (context: AdminContext) => Promise<T>) =>
    withAdminContext(cli.config(), cli.env, reason, work);

  withAgentFields(agent.command('create').description('Create an agent in a tenant.'))
    .requiredOption('--tenant <id|slug>', 'the tenant')
    .action((options: AgentFieldOptions & { tenant: string }) =>
      run('agent create', async (context) => {
        const tenant = await resolveTenant(context, options.tenant);
        const result = await configureAgent(context.store, {
          tenantId: tenant.id,
          ...agentFields(options),
        });
        printResource(
          cli.output,
          await shownAgent(context, tenant.id, result.id, result.sequence),
          options.json,
        );
      }),
    );

  agent
    .command('list')
    .description("List a tenant's agents.")
    .requiredOption('--tenant <id|slug>', 'the tenant')
    .option('--json', 'print a JSON array')
    .action((options: { tenant: string; json?: boolean }) =>
      run('agent list', async (context) => {
        const tenant = await resolveTenant(context, options.tenant);
        const agents = await listAgents(context.db, tenant.id);
        printList(cli.output, agents, options.json, [
          'id',
          'name',
          'role',
          'modelPreference',
          'active',
        ]);
      }),
    );

  agent
    .command('show')
    .description('Show one agent.')
    .argument('<id>')
    .option('--json', 'print the agent as one JSON object')
    .action((agentId: string, options: { json?: boolean }) =>
      run('agent show', async (context) => {
        const tenantId = await resolveAgentTenant(context, agentId);
        printResource(cli.output, await shownAgent(context, tenantId, agentId, 0), options.json);
      }),
    );

  withAgentFields(agent.command('update').description('Change the given fields of an agent.'))
    .argument('<id>')
    .option('--activate', 'make an inactive agent answer again')
    .option(
      '--expected-version <n>',
      'refuse if the agent changed since this version',
      parseInteger,
    )
    .action((agentId: string, options: AgentFieldOptions & { activate?: boolean }) =>
      run('agent update', async (context) => {
        const tenantId = await resolveAgentTenant(context, agentId);
        const fields = { ...agentFields(options), ...(options.activate ? { active: true } : {}) };
        const result = await configureAgent(context.store, { tenantId, agentId, ...fields });
        printResource(
          cli.output,
          await shownAgent(context, tenantId, agentId, result.sequence),
          options.json,
        );
      }),
    );

  agent
    .command('deactivate')
    .description('Stop an agent answering; its messages are then rejected as agent_inactive.')
    .argument('<id>')
    .option('--reason <text>', 'why, kept in the event')
    .option('--json', 'print the agent as one JSON object')
    .action((agentId: string, options: { reason?: string; json?: boolean }) =>
      run('agent deactivate', async (context) => {
        const tenantId = await resolveAgentTenant(context, agentId);
        const result = await deactivateAgent(context.store, {
          tenantId,
          agentId,
          ...(options.reason === undefined ? {} : { reason: options.reason }),
        });
        printResource(
          cli.output,
          await shownAgent(context, tenantId, agentId, result.sequence),
          options.json,
        );
      }),
    );
}
