import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { jsonSchemas } from '../src/export-json-schema.ts';

describe('the exported JSON Schemas', () => {
  const dir = join(import.meta.dirname, '..', 'json');

  test.each(jsonSchemas().map((item) => [item.file, item] as const))(
    '%s is committed and matches the zod definition (run `npm run schemas:export`)',
    (file, item) => {
      const committed: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      expect(committed).toEqual(item.schema);
    },
  );
});
