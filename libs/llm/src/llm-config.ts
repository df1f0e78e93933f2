/**
 * The pool's configuration, validated with zod at the edge: deployments (a provider + model +
 * where + price + timeouts), the `fast` and `quality` groups as ordered deployment lists with an
 * optional fallback group, per-tenant group overrides, and the retry/breaker tuning.
 */
import { z } from 'zod';
import { LlmConfigError } from './llm-error.ts';
import { MODEL_GROUPS, PROVIDER_NAMES } from './llm-result.ts';

export const ProviderNameSchema = z.enum(PROVIDER_NAMES);
export const ModelGroupSchema = z.enum(MODEL_GROUPS);

export const DeploymentSchema = z
  .object({
    name: z.string().min(1),
    provider: ProviderNameSchema,
    model: z.string().min(1),
    baseUrl: z.url().optional(),
    /** The env variable holding the platform key; defaults to OPENAI_API_KEY / ANTHROPIC_API_KEY. */
    apiKeyEnv: z.string().min(1).optional(),
    timeouts: z
      .object({
        /** TCP (and TLS) connection. */
        connectMs: z.number().int().positive(),
        /** A completion's whole reply; a stream's first token. */
        totalMs: z.number().int().positive(),
        /**
         * A stream's longest silence between two chunks once it answers (default 60 s). A
         * streamed answer has no total limit: a long, healthy answer is never cut off.
         */
        idleMs: z.number().int().positive().optional(),
      })
      .strict(),
    price: z
      .object({
        inputPerMillionUsd: z.number().nonnegative(),
        outputPerMillionUsd: z.number().nonnegative(),
      })
      .strict(),
  })
  .strict();
export type Deployment = z.infer<typeof DeploymentSchema>;

/** A stream's silence limit when a deployment does not set `timeouts.idleMs`. */
export const DEFAULT_STREAM_IDLE_MS = 60_000;

export function streamIdleMsOf(timeouts: { readonly idleMs?: number | undefined }): number {
  return timeouts.idleMs ?? DEFAULT_STREAM_IDLE_MS;
}

export const GroupSchema = z
  .object({
    deployments: z.array(z.string().min(1)).min(1),
    fallbackGroup: ModelGroupSchema.optional(),
  })
  .strict();
export type GroupConfig = z.infer<typeof GroupSchema>;

export const RetryConfigSchema = z
  .object({
    /** Attempts per deployment, the first included. */
    maxAttempts: z.number().int().min(1).default(3),
    baseDelayMs: z.number().int().nonnegative().default(250),
    maxDelayMs: z.number().int().nonnegative().default(8_000),
    /** A server's Retry-After is honoured up to this. */
    maxRetryAfterMs: z.number().int().nonnegative().default(30_000),
  })
  .strict();

export const BreakerConfigSchema = z
  .object({
    consecutiveFailures: z.number().int().min(1).default(5),
    halfOpenAfterMs: z.number().int().positive().default(30_000),
  })
  .strict();

export const LlmConfigSchema = z
  .object({
    deployments: z.array(DeploymentSchema).min(1),
    groups: z.object({ fast: GroupSchema, quality: GroupSchema }).strict(),
    /** tenantId → group → deployment names that replace the group's list for that tenant. */
    tenants: z
      .record(
        z.string().min(1),
        z.partialRecord(ModelGroupSchema, z.array(z.string().min(1)).min(1)),
      )
      .default({}),
    retry: RetryConfigSchema.default(RetryConfigSchema.parse({})),
    breaker: BreakerConfigSchema.default(BreakerConfigSchema.parse({})),
  })
  .strict();
export type LlmConfig = z.infer<typeof LlmConfigSchema>;
export type LlmConfigInput = z.input<typeof LlmConfigSchema>;

/** Parses a configuration; throws LlmConfigError naming every invalid field. */
export function parseLlmConfig(input: unknown): LlmConfig {
  const parsed = LlmConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new LlmConfigError(
    parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
  );
}
