/**
 * The format of a migration file in `migrations/`: named `NNNN_description.sql`, a header of
 * comments, then a `-- migrate:up` section and a `-- migrate:down` section of plain SQL.
 * Pure parsing, no I/O. Guarantees: a file is accepted only if both sections are present, in that
 * order, once each and non-empty, and nothing but comments precedes `-- migrate:up`; every
 * rejection is a `MigrationFileInvalidError` naming the file and the fix.
 */

export interface SqlMigration {
  /** The file name without `.sql`, e.g. `0001_tenancy_foundation`; the migration's identity. */
  readonly name: string;
  readonly up: string;
  readonly down: string;
}

export class MigrationFileInvalidError extends Error {
  readonly code = 'MigrationFileInvalid';
  override readonly name = 'MigrationFileInvalidError';
  readonly fileName: string;

  constructor(fileName: string, problem: string) {
    super(`Migration file ${fileName}: ${problem}`);
    this.fileName = fileName;
  }
}

export const MIGRATION_FILE_PATTERN = /^(\d{4})_[a-z0-9_]+\.sql$/;
const MARKER = /^--\s*migrate:(up|down)\s*$/i;

/** Parses one migration file's text; `fileName` is its base name. */
export function parseSqlMigration(fileName: string, text: string): SqlMigration {
  if (!MIGRATION_FILE_PATTERN.test(fileName)) {
    throw new MigrationFileInvalidError(
      fileName,
      'the name must look like 0001_lowercase_description.sql',
    );
  }
  const sections = splitSections(fileName, text);
  return { name: fileName.slice(0, -'.sql'.length), ...sections };
}

function splitSections(fileName: string, text: string): { up: string; down: string } {
  const lines = text.split(/\r?\n/);
  const markers = lines.flatMap((line, index) => {
    const match = MARKER.exec(line.trim());
    return match?.[1] === undefined ? [] : [{ kind: match[1].toLowerCase(), index }];
  });
  const [first, second] = markers;
  if (markers.length !== 2 || first?.kind !== 'up' || second?.kind !== 'down') {
    throw new MigrationFileInvalidError(
      fileName,
      'expected exactly one "-- migrate:up" line followed by one "-- migrate:down" line',
    );
  }
  const preamble = lines.slice(0, first.index).filter((line) => !isCommentOrBlank(line));
  if (preamble.length > 0) {
    throw new MigrationFileInvalidError(
      fileName,
      'only comments may precede "-- migrate:up"; move the SQL below it',
    );
  }
  const up = lines
    .slice(first.index + 1, second.index)
    .join('\n')
    .trim();
  const down = lines
    .slice(second.index + 1)
    .join('\n')
    .trim();
  if (!hasStatements(up) || !hasStatements(down)) {
    throw new MigrationFileInvalidError(
      fileName,
      'both sections need SQL; for an irreversible change make down raise an exception',
    );
  }
  return { up, down };
}

function isCommentOrBlank(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === '' || trimmed.startsWith('--');
}

function hasStatements(section: string): boolean {
  return section.split('\n').some((line) => !isCommentOrBlank(line));
}
