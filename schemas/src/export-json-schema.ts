/**
 * `npm run schemas:export`: writes one JSON Schema per event type and version to `schemas/json/`
 * (`<type>.v<version>.json`) plus an `index.json` listing them, for non-TypeScript consumers and
 * the docs. The schemas are generated from the same zod definitions the services validate with.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { eventDefinitions } from './catalog.ts';
import type { EventDefinition } from './define-event.ts';

export interface ExportedSchema {
  readonly file: string;
  readonly type: string;
  readonly version: number;
  readonly schema: Record<string, unknown>;
}

/** The JSON Schema of each event definition (draft 2020-12), ready to write. */
export function jsonSchemas(definitions: readonly EventDefinition[] = eventDefinitions) {
  return definitions.map(
    (definition): ExportedSchema => ({
      file: `${definition.type}.v${definition.version}.json`,
      type: definition.type,
      version: definition.version,
      schema: {
        $id: `https://konstruct.dev/schemas/events/${definition.type}.v${definition.version}.json`,
        title: `${definition.type} v${definition.version}`,
        'x-konstruct-delivery': definition.delivery,
        ...z.toJSONSchema(definition.schema, { io: 'input', unrepresentable: 'throw' }),
      },
    }),
  );
}

export function writeJsonSchemas(outDir: string): readonly ExportedSchema[] {
  mkdirSync(outDir, { recursive: true });
  const exported = jsonSchemas();
  for (const item of exported) {
    writeFileSync(join(outDir, item.file), `${JSON.stringify(item.schema, null, 2)}\n`);
  }
  const index = exported.map(({ file, type, version }) => ({ file, type, version }));
  writeFileSync(join(outDir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  return exported;
}

if (import.meta.main) {
  const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'json');
  const written = writeJsonSchemas(outDir);
  process.stdout.write(`wrote ${written.length} event schemas to ${outDir}\n`);
}
