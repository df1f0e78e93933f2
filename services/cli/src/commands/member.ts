/**
 * `konstruct member invite|role|remove|list` (PRTA-03 roles): who may use a tenant, as admin or
 * member. People are named by e-mail; a tenant always keeps one admin.
 */
import { changeMemberRole, inviteMember, removeMember } from '@konstruct/admin-commands';
import { getMember, listMembers } from '@konstruct/read-model';
import { userIdForEmail } from '@konstruct/schemas';
import type { Command } from 'commander';
import { type AdminContext, withAdminContext } from '../admin-context.ts';
import type { CliEnvironment } from '../cli-environment.ts';
import { CliError } from '../cli-output.ts';
import { printList, printResource } from '../print-resource.ts';
import { resolveTenant } from './tenant.ts';

interface MemberOptions {
  readonly tenant: string;
  readonly email: string;
  readonly role?: string;
  readonly json?: boolean;
}

async function shownMember(
  context: AdminContext,
  tenantId: string,
  userId: string,
  sequence: number,
) {
  await context.settle(sequence);
  const member = await getMember(context.db, tenantId, userId);
  if (member === undefined)
    throw new CliError('MemberNotFound', `no member ${userId} in this tenant`);
  return member;
}

export function registerMemberCommands(program: Command, cli: CliEnvironment): void {
  const member = program
    .command('member')
    .description("Manage a tenant's members and their roles.");
  const run = <T>(reason: string, work: (context: AdminContext) => Promise<T>) =>
    withAdminContext(cli.config(), cli.env, reason, work);
  const write = (
    name: string,
    description: string,
    act: typeof inviteMember,
    withRole: boolean,
  ) => {
    const command = member
      .command(name)
      .description(description)
      .requiredOption('--tenant <id|slug>', 'the tenant')
      .requiredOption('--email <email>', "the person's e-mail address")
      .option('--json', 'print the member as one JSON object');
    if (withRole) command.requiredOption('--role <role>', 'admin or member');
    command.action((options: MemberOptions) =>
      run(`member ${name}`, async (context) => {
        const tenant = await resolveTenant(context, options.tenant);
        const userId = userIdForEmail(options.email);
        const result = await act(context.store, {
          tenantId: tenant.id,
          userId,
          ...(name === 'invite' ? { email: options.email } : {}),
          ...(withRole ? { role: options.role } : {}),
        });
        printResource(
          cli.output,
          await shownMember(context, tenant.id, userId, result.sequence),
          options.json,
        );
      }),
    );
  };
  write('invite', 'Invite a person to the tenant with a role.', inviteMember, true);
  write('role', "Change a member's role.", changeMemberRole, true);
  write('remove', 'Remove a member from the tenant.', removeMember, false);

  member
    .command('list')
    .description("List a tenant's members.")
    .requiredOption('--tenant <id|slug>', 'the tenant')
    .option('--json', 'print a JSON array')
    .action((options: { tenant: string; json?: boolean }) =>
      run('member list', async (context) => {
        const tenant = await resolveTenant(context, options.tenant);
        printList(cli.output, await listMembers(context.db, tenant.id), options.json, [
          'id',
          'email',
          'role',
          'status',
        ]);
      }),
    );
}
