/**
 * `konstruct tenant create|list|show|update|delete` (PRTA-01). Writes go through the admin
 * command shell and return only once the read model shows them; reads across tenants use the
 * audited platform-admin path.
 */
import { createTenant, deleteTenant, updateTenant } from '@konstruct/admin-commands';
import { findTenant, listTenants, type TenantResource } from '@konstruct/read-model';
import type { Command } from 'commander';
import { type AdminContext, withAdminContext } from '../admin-context.ts';
import type { CliEnvironment } from '../cli-environment.ts';
import { CliError } from '../cli-output.ts';
import { parseInteger } from '../option-parsers.ts';
import { printList, printResource } from '../print-resource.ts';

interface Json {
  readonly json?: boolean;
}

export async function resolveTenant(
  context: AdminContext,
  idOrSlug: string,
): Promise<TenantResource> {
  const tenant = await findTenant(context.db, context.reader, idOrSlug);
  if (tenant === undefined) {
    throw new CliError(
      'TenantNotFound',
      `no tenant with id or slug "${idOrSlug}"; see \`konstruct tenant list\``,
    );
  }
  return tenant;
}

async function shownTenant(context: AdminContext, id: string, sequence: number) {
  await context.settle(sequence);
  return resolveTenant(context, id);
}

export function registerTenantCommands(program: Command, cli: CliEnvironment): void {
  const tenant = program
    .command('tenant')
    .description('Create, list, show, update and delete tenants.');
  const run = <T>(reason: string, work: (context: AdminContext) => Promise<T>) =>
    withAdminContext(cli.config(), cli.env, reason, work);

  tenant
    .command('create')
    .description('Create a tenant; prints it once the read model shows it.')
    .requiredOption('--name <name>', 'display name')
    .option('--slug <slug>', 'URL-safe short name (default: derived from the name)')
    .option(
      '--rate-limit <n>',
      'requests per minute per tenant and per channel (default 30)',
      parseInteger,
    )
    .option('--json', 'print the tenant as one JSON object')
    .action((options: { name: string; slug?: string; rateLimit?: number } & Json) =>
      run('tenant create', async (context) => {
        const result = await createTenant(context.store, {
          name: options.name,
          ...(options.slug === undefined ? {} : { slug: options.slug }),
          ...(options.rateLimit === undefined ? {} : { rateLimitPerMinute: options.rateLimit }),
        });
        printResource(
          cli.output,
          await shownTenant(context, result.id, result.sequence),
          options.json,
        );
      }),
    );

  tenant
    .command('list')
    .description('List tenants (platform admins).')
    .option('--include-deleted', 'also list deleted tenants')
    .option('--json', 'print a JSON array')
    .action((options: { includeDeleted?: boolean } & Json) =>
      run('tenant list', async (context) => {
        const tenants = await listTenants(context.db, context.reader, {
          includeDeleted: options.includeDeleted === true,
        });
        printList(cli.output, tenants, options.json, [
          'id',
          'slug',
          'name',
          'rateLimitPerMinute',
          'status',
        ]);
      }),
    );

  tenant
    .command('show')
    .description('Show one tenant by id or slug.')
    .argument('<id|slug>')
    .option('--json', 'print the tenant as one JSON object')
    .action((idOrSlug: string, options: Json) =>
      run('tenant show', async (context) => {
        printResource(cli.output, await resolveTenant(context, idOrSlug), options.json);
      }),
    );

  tenant
    .command('update')
    .description('Change a tenant’s name, slug or rate limit.')
    .argument('<id|slug>')
    .option('--name <name>', 'new display name')
    .option('--slug <slug>', 'new slug')
    .option('--rate-limit <n>', 'requests per minute', parseInteger)
    .option(
      '--expected-version <n>',
      'refuse if the tenant changed since this version',
      parseInteger,
    )
    .option('--json', 'print the tenant as one JSON object')
    .action(
      (
        idOrSlug: string,
        options: {
          name?: string;
          slug?: string;
          rateLimit?: number;
          expectedVersion?: number;
        } & Json,
      ) =>
        run('tenant update', async (context) => {
          const current = await resolveTenant(context, idOrSlug);
          const result = await updateTenant(context.store, {
            tenantId: current.id,
            ...(options.name === undefined ? {} : { name: options.name }),
            ...(options.slug === undefined ? {} : { slug: options.slug }),
            ...(options.rateLimit === undefined ? {} : { rateLimitPerMinute: options.rateLimit }),
            ...(options.expectedVersion === undefined
              ? {}
              : { expectedVersion: options.expectedVersion }),
          });
          printResource(
            cli.output,
            await shownTenant(context, result.id, result.sequence),
            options.json,
          );
        }),
    );

  tenant
    .command('delete')
    .description(
      'Delete a tenant: its messages are rejected from then on; its history stays in the stream.',
    )
    .argument('<id|slug>')
    .option('--reason <text>', 'why, kept in the event')
    .option('--json', 'print the deleted tenant as one JSON object')
    .action((idOrSlug: string, options: { reason?: string } & Json) =>
      run('tenant delete', async (context) => {
        const current = await resolveTenant(context, idOrSlug);
        const result = await deleteTenant(context.store, {
          tenantId: current.id,
          ...(options.reason === undefined ? {} : { reason: options.reason }),
        });
        printResource(
          cli.output,
          await shownTenant(context, result.id, result.sequence),
          options.json,
        );
      }),
    );
}
