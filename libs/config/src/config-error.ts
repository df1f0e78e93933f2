/**
 * The one error a configuration problem becomes. It carries every problem found, not just the
 * first, so an operator fixes the environment in one pass; its message is one line per variable
 * naming the variable, what is wrong and how to fix it, ready to print as a CLI or startup error.
 */

/** One variable that failed: its name, what is wrong with it, and the fix (when known). */
export interface ConfigProblem {
  readonly variable: string;
  readonly problem: string;
  readonly fix?: string;
}

export class ConfigError extends Error {
  readonly code = 'InvalidConfig';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(formatProblems(problems));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

function formatProblems(problems: readonly ConfigProblem[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const lines = problems.map(({ variable, problem, fix }) =>
    fix === undefined ? `  ${variable}: ${problem}` : `  ${variable}: ${problem}; fix: ${fix}`,
  );
  return [`Invalid configuration (${count}):`, ...lines].join('\n');
}
