export { AdminCommandError, type FieldIssue, isAdminCommandError } from './admin-command-error.ts';
export type { AdminStoreDeps, CommandResult } from './admin-store.ts';
export { configureAgent, deactivateAgent, loadAgent } from './agent-commands.ts';
export {
  type AddSlackConnectionDeps,
  addSlackConnection,
  loadConnection,
  removeConnection,
  slackBotTokenContext,
} from './connection-commands.ts';
export { changeMemberRole, inviteMember, removeMember } from './member-commands.ts';
export { createTenant, deleteTenant, loadTenant, updateTenant } from './tenant-commands.ts';
