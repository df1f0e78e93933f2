/**
 * Reads the environment once, through a zod object schema whose keys are the variable names.
 * Guarantees: an empty string counts as unset (so `FOO=` falls back to the default); only the
 * schema's own variables are read; on failure a single `ConfigError` lists every problem, one
 * per variable, each with the fix text the field declares with `.describe()`.
 */
import type { z } from 'zod';
import { ConfigError, type ConfigProblem } from './config-error.ts';

type EnvSchema = z.ZodObject;
type Env = Readonly<Record<string, string | undefined>>;

/** The typed config for `schema` read from `env`; throws `ConfigError` naming every problem. */
export function loadConfig<Schema extends EnvSchema>(
  schema: Schema,
  env: Env = process.env,
): z.output<Schema> {
  const input = readVariables(Object.keys(schema.shape), env);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(collectProblems(schema, input, result.error.issues));
}

function readVariables(names: readonly string[], env: Env): Record<string, string> {
  const input: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== '') input[name] = value;
  }
  return input;
}

function collectProblems(
  schema: EnvSchema,
  input: Record<string, string>,
  issues: readonly z.core.$ZodIssue[],
): ConfigProblem[] {
  const byVariable = new Map<string, string[]>();
  for (const issue of issues) {
    const variable = issue.path.length > 0 ? String(issue.path[0]) : '(environment)';
    const problem =
      variable in input || issue.code !== 'invalid_type' ? issue.message : 'is not set';
    byVariable.set(variable, [...(byVariable.get(variable) ?? []), problem]);
  }
  const order = Object.keys(schema.shape);
  const position = (variable: string) => {
    const index = order.indexOf(variable);
    return index === -1 ? order.length : index;
  };
  const sorted = [...byVariable].sort(([a], [b]) => position(a) - position(b));
  return sorted.map(([variable, problems]) => {
    const fix = fixFor(schema.shape[variable]);
    const problem = [...new Set(problems)].join('; ');
    return fix === undefined ? { variable, problem } : { variable, problem, fix };
  });
}

/** The `.describe()` text of a field, looking through optional/default/pipe wrappers. */
function fixFor(field: z.core.$ZodType | undefined): string | undefined {
  let current: z.core.$ZodType | undefined = field;
  for (let depth = 0; current !== undefined && depth < 8; depth += 1) {
    const description = (current as { description?: string }).description;
    if (description !== undefined) return description;
    const def = current._zod.def as { innerType?: z.core.$ZodType; in?: z.core.$ZodType };
    current = def.innerType ?? def.in;
  }
  return undefined;
}
