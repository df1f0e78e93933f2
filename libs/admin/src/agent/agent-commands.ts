/**
 * Inputs of the agent commands (AGNT-01, PRTA-02): the Agent Designer, the CLI and the backend
 * validate with these same schemas. Every field rule comes from `AgentConfiguration` in the event
 * contract; in `configureAgent` each field is optional (absent = keep the current value).
 */
import { AgentConfiguration, AgentId } from '@konstruct/schemas';
import { z } from 'zod';
import { commandFields } from '../command-fields.ts';

const field = AgentConfiguration.shape;

/** Every configurable field of an agent, each optional and without the contract's defaults. */
export const agentSettingsFields = {
  name: field.name.optional(),
  role: field.role.optional(),
  persona: field.persona.unwrap().optional(),
  systemPrompt: field.systemPrompt.unwrap().optional(),
  jobDescription: field.jobDescription.unwrap().optional(),
  statementOfWork: field.statementOfWork.unwrap().optional(),
  tools: field.tools.unwrap().optional(),
  escalationRules: field.escalationRules.unwrap().optional(),
  escalationTarget: field.escalationTarget.unwrap().optional(),
  modelPreference: field.modelPreference.unwrap().optional(),
  active: field.active.unwrap().optional(),
};

/** Creates the agent (name and role required then) or changes the given fields of it. */
export const ConfigureAgentInput = z
  .object({ ...commandFields, agentId: AgentId, ...agentSettingsFields })
  .strict();
export type ConfigureAgent = z.infer<typeof ConfigureAgentInput>;

export const DeactivateAgentInput = z
  .object({ ...commandFields, agentId: AgentId, reason: z.string().max(500).optional() })
  .strict();
export type DeactivateAgent = z.infer<typeof DeactivateAgentInput>;
