export {
  findTenant,
  getAgent,
  getConnection,
  getMember,
  listAgents,
  listConnections,
  listMembers,
  listTenants,
  tenantOf,
} from './admin-queries.ts';
export { type PlatformReader, withPlatformRead } from './platform-read.ts';
export {
  type AgentResource,
  agentResource,
  type ConnectionResource,
  connectionResource,
  type MemberResource,
  memberResource,
  type TenantResource,
  tenantResource,
} from './resources.ts';
export {
  findRoutingFacts,
  type RoutingAgent,
  type RoutingConnection,
  type RoutingFacts,
  type RoutingFactsQuery,
  type RoutingTenant,
} from './routing-facts.ts';
export {
  findSlackConnectionByTeam,
  type SlackConnectionOfTeam,
} from './slack-connection-by-team.ts';
