import { describe, expect, test } from 'vitest';
import { MigrationFileInvalidError, parseSqlMigration } from './sql-migration-file.ts';

const valid = [
  '-- 0002: adds things.',
  '',
  '-- migrate:up',
  'CREATE TABLE things (id int);',
  '',
  '-- migrate:down',
  'DROP TABLE things;',
  '',
].join('\n');

function rejection(fileName: string, text: string): MigrationFileInvalidError {
  try {
    parseSqlMigration(fileName, text);
  } catch (error) {
    if (error instanceof MigrationFileInvalidError) return error;
    throw error;
  }
  throw new Error('expected a MigrationFileInvalidError');
}

describe('parseSqlMigration', () => {
  test('splits a file into its up and down SQL and names it after the file', () => {
    expect(parseSqlMigration('0002_add_things.sql', valid)).toEqual({
      name: '0002_add_things',
      up: 'CREATE TABLE things (id int);',
      down: 'DROP TABLE things;',
    });
  });

  test('accepts CRLF line endings and markers with extra spaces', () => {
    const text = '--  migrate:up  \r\nSELECT 1;\r\n-- migrate:down\r\nSELECT 2;\r\n';
    expect(parseSqlMigration('0003_crlf.sql', text)).toMatchObject({
      up: 'SELECT 1;',
      down: 'SELECT 2;',
    });
  });

  test('rejects a file name without a four-digit number and a lowercase description', () => {
    for (const fileName of ['1_x.sql', '0001-x.sql', '0001_Add.sql', '0001_.sql']) {
      expect(rejection(fileName, valid).code).toBe('MigrationFileInvalid');
    }
  });

  test('rejects a missing, repeated or misordered section, naming the file', () => {
    const noDown = '-- migrate:up\nSELECT 1;\n';
    const reversed = '-- migrate:down\nSELECT 2;\n-- migrate:up\nSELECT 1;\n';
    const twice = `${valid}\n-- migrate:up\nSELECT 3;\n`;
    for (const text of [noDown, reversed, twice, '']) {
      const error = rejection('0004_bad.sql', text);
      expect(error.fileName).toBe('0004_bad.sql');
      expect(error.message).toMatch(/^Migration file 0004_bad\.sql: expected exactly one/);
    }
  });

  test('rejects SQL above the up marker, which would otherwise be silently skipped', () => {
    const text = `CREATE TABLE lost (id int);\n${valid}`;
    expect(rejection('0005_preamble.sql', text).message).toMatch(/only comments may precede/);
  });

  test('rejects a section holding only comments', () => {
    const text = '-- migrate:up\nSELECT 1;\n-- migrate:down\n-- nothing to undo\n';
    expect(rejection('0006_empty_down.sql', text).message).toMatch(/both sections need SQL/);
  });
});
