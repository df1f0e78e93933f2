/**
 * The repository-wide guard behind "every Redis key comes from the builder": scans every
 * non-test TypeScript module of libs/*, services/* and schemas and fails naming file:line for
 * a hand-built key, a literal `keyPrefix` or an `ioredis` import outside libs/redis.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findHandBuiltRedisKeys, type SourceFile } from './hand-built-keys.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

function sourceRoots(): string[] {
  const roots: string[] = [];
  for (const group of ['libs', 'services', 'schemas']) {
    const groupDir = join(repoRoot, group);
    if (!existsSync(groupDir)) continue;
    if (existsSync(join(groupDir, 'src'))) roots.push(join(groupDir, 'src'));
    for (const entry of readdirSync(groupDir, { withFileTypes: true })) {
      const src = join(groupDir, entry.name, 'src');
      if (entry.isDirectory() && existsSync(src)) roots.push(src);
    }
  }
  return roots;
}

function moduleFiles(root: string): SourceFile[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .filter((name) => !name.split(/[\\/]/).includes('node_modules'))
    .map((name) => join(root, name))
    .map((file) => ({ path: relative(repoRoot, file), text: readFileSync(file, 'utf8') }));
}

describe('Redis key discipline', () => {
  it('scans the modules of libs, services and schemas', () => {
    const paths = sourceRoots()
      .flatMap(moduleFiles)
      .map((file) => file.path);
    expect(paths).toContain(join('libs', 'redis', 'src', 'redis-keys.ts'));
    expect(paths).not.toContain(join('libs', 'redis', 'src', 'redis-key-discipline.unit.test.ts'));
  });

  it('finds no Redis key built outside the key builder', () => {
    const findings = findHandBuiltRedisKeys(sourceRoots().flatMap(moduleFiles));
    const report = findings.map((f) => `${f.path}:${f.line} ${f.rule}: ${f.source}`);
    expect(report, 'build Redis keys with redisKeys() from @konstruct/redis').toEqual([]);
  });
});
