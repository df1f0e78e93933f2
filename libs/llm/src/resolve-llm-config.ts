/**
 * Checks a configuration against the environment before the pool starts: every group names
 * known deployments, and every deployment whose provider needs a key has one. All problems are
 * reported together in one LlmConfigError, so a bad start names everything to fix at once.
 */
import {
  type Deployment,
  type LlmConfig,
  type LlmConfigInput,
  parseLlmConfig,
} from './llm-config.ts';
import { LlmConfigError } from './llm-error.ts';
import type { ProviderName } from './llm-result.ts';

export type Env = Readonly<Record<string, string | undefined>>;

export interface ResolvedDeployment extends Deployment {
  /** The platform key read from `apiKeyEnv` (undefined for keyless providers). */
  readonly platformKey: string | undefined;
}

export interface ResolvedLlmConfig extends Omit<LlmConfig, 'deployments'> {
  readonly deployments: ReadonlyMap<string, ResolvedDeployment>;
}

export const DEFAULT_KEY_ENV: Readonly<Record<ProviderName, string | undefined>> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  ollama: undefined,
};

function keyProblems(
  deployment: Deployment,
  env: Env,
): { key: string | undefined; problem?: string } {
  const variable = deployment.apiKeyEnv ?? DEFAULT_KEY_ENV[deployment.provider];
  if (variable === undefined) return { key: undefined };
  const key = env[variable];
  if (key !== undefined && key.trim() !== '') return { key };
  return {
    key: undefined,
    problem: `deployment "${deployment.name}" (${deployment.provider}) needs an API key: set ${variable}`,
  };
}

function referenceProblems(config: LlmConfig, names: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const [group, spec] of Object.entries(config.groups)) {
    for (const name of spec.deployments) {
      if (!names.has(name)) problems.push(`group "${group}" names unknown deployment "${name}"`);
    }
  }
  for (const [tenantId, groups] of Object.entries(config.tenants)) {
    for (const [group, list] of Object.entries(groups)) {
      for (const name of list ?? []) {
        if (!names.has(name)) {
          problems.push(
            `tenant "${tenantId}" maps group "${group}" to unknown deployment "${name}"`,
          );
        }
      }
    }
  }
  return problems;
}

/** Validates `input` (zod) and the keys in `env`; throws LlmConfigError naming every problem. */
export function resolveLlmConfig(input: LlmConfigInput | LlmConfig, env: Env): ResolvedLlmConfig {
  const config = parseLlmConfig(input);
  const problems: string[] = [];
  const deployments = new Map<string, ResolvedDeployment>();
  for (const deployment of config.deployments) {
    if (deployments.has(deployment.name))
      problems.push(`deployment "${deployment.name}" is declared twice`);
    const { key, problem } = keyProblems(deployment, env);
    if (problem !== undefined) problems.push(problem);
    deployments.set(deployment.name, { ...deployment, platformKey: key });
  }
  problems.push(...referenceProblems(config, new Set(deployments.keys())));
  if (problems.length > 0) throw new LlmConfigError(problems);
  return { ...config, deployments };
}
