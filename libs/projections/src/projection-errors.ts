/**
 * The expected failures of the projections, each with a stable `code` an edge maps to its own
 * answer (a CLI line, an HTTP 503): an unknown projection name, a read-your-writes wait that ran
 * out, a rebuild attempted without the table owner's rights, a database not migrated yet.
 */

export type ProjectionErrorCode =
  | 'UnknownProjection'
  | 'ProjectionTimeout'
  | 'RebuildNeedsOwner'
  | 'ReadModelNotMigrated';

export class ProjectionError extends Error {
  readonly code: ProjectionErrorCode;
  override readonly name: string = 'ProjectionError';

  constructor(code: ProjectionErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
    this.code = code;
  }
}

export interface ProjectionPosition {
  readonly projection: string;
  /** Its checkpoint: the last stream sequence it applied (0: none yet). */
  readonly lastSequence: number;
}

/** `waitForProjection` ran out of time; names each projection still behind and where it is. */
export class ProjectionTimeoutError extends ProjectionError {
  override readonly name = 'ProjectionTimeoutError';
  readonly sequence: number;
  readonly behind: readonly ProjectionPosition[];

  constructor(sequence: number, behind: readonly ProjectionPosition[], timeoutMs: number) {
    const where = behind.map((p) => `${p.projection} is at ${p.lastSequence}`).join(', ');
    super(
      'ProjectionTimeout',
      `the read model did not reach stream sequence ${sequence} within ${timeoutMs} ms (${where}); ` +
        'the projector may not be running (start it with `konstruct start projector`) or may be failing (see its logs and `konstruct projections status`)',
    );
    this.sequence = sequence;
    this.behind = behind;
  }
}

/** Postgres's `undefined_table`: the read model's tables are not there (never migrated). */
export function notMigrated(error: unknown): ProjectionError | undefined {
  if ((error as { code?: unknown } | null)?.code !== '42P01') return undefined;
  return new ProjectionError(
    'ReadModelNotMigrated',
    `the read model's tables are missing (${(error as Error).message}): run \`konstruct migrate\``,
    { cause: error },
  );
}
