/**
 * `konstruct user create-admin --email <email>` (PRTA-03): creates the first platform admin.
 * The password comes from standard input or a prompt, never from an argument (arguments end up
 * in shell history and process lists).
 */
import { createPlatformAdmin } from '@konstruct/identity';
import { openOwnerDatabase } from '@konstruct/runtime';
import type { Command } from 'commander';
import type { CliEnvironment } from '../cli-environment.ts';
import { printResource } from '../print-resource.ts';
import { readPassword } from '../read-password.ts';

export function registerUserCommands(program: Command, cli: CliEnvironment): void {
  const user = program.command('user').description('Portal users.');
  user
    .command('create-admin')
    .description('Create a platform admin; the password is read from stdin or a prompt.')
    .requiredOption('--email <email>', "the admin's e-mail address (their login)")
    .option('--reset-password', 'if the user exists, replace the password and make them admin')
    .option('--json', 'print the user as one JSON object')
    .action(async (options: { email: string; resetPassword?: boolean; json?: boolean }) => {
      const password = await readPassword();
      const db = openOwnerDatabase(cli.config(), 'konstruct-cli');
      try {
        const created = await createPlatformAdmin(db, {
          email: options.email,
          password,
          resetExisting: options.resetPassword === true,
        });
        printResource(
          cli.output,
          {
            id: created.userId,
            email: created.email,
            platformAdmin: true,
            created: created.created,
          },
          options.json,
        );
      } finally {
        await db.destroy();
      }
    });
}
