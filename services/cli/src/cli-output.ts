/**
 * How the CLI talks: results on stdout (one JSON document with `--json`, else readable lines),
 * problems on stderr, and errors mapped to one line that names the fix plus a non-zero exit.
 */
export interface Output {
  line(text: string): void;
  json(value: unknown): void;
  problem(text: string): void;
}

export const processOutput: Output = {
  line: (text) => process.stdout.write(`${text}\n`),
  json: (value) =>
    process.stdout.write(
      `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}\n`,
    ),
  problem: (text) => process.stderr.write(`${text}\n`),
};

/** An expected CLI failure: its message is shown as is, and the process exits with `exitCode`. */
export class CliError extends Error {
  readonly code: string;
  readonly exitCode: number;

  constructor(code: string, message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'CliError';
    this.code = code;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** The one line shown for an error: typed errors (with a `code`) print their message alone. */
const SQLSTATE = /^[0-9A-Z]{5}$/;

export function describeError(error: unknown): string {
  if (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    SQLSTATE.test(error.code)
  ) {
    return `error (database ${error.code}): ${error.message}; run \`konstruct doctor\` (and \`konstruct migrate\` if it reports pending migrations)`;
  }
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
    return `error (${error.code}): ${error.message}`;
  }
  if (error instanceof Error) return `error: ${error.message}`;
  return `error: ${String(error)}`;
}
