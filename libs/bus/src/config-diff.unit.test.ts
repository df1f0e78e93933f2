import { describe, expect, it } from 'vitest';
import { diffConfig, sameValue } from './config-diff.ts';

describe('diffing a declared configuration', () => {
  const immutable = new Set(['storage']);

  it('finds nothing when the declared fields match, whatever else the server holds', () => {
    const diff = diffConfig(
      { max_age: 1, subjects: ['a', 'b'] },
      { max_age: 1, subjects: ['b', 'a'], sealed: false },
      immutable,
    );
    expect(diff).toEqual({ changes: [], conflicts: [] });
  });

  it('sorts differences into changes and conflicts', () => {
    const diff = diffConfig(
      { max_age: 2, storage: 'memory' },
      { max_age: 1, storage: 'file' },
      immutable,
    );
    expect(diff.changes).toEqual([{ field: 'max_age', from: 1, to: 2 }]);
    expect(diff.conflicts).toEqual([{ field: 'storage', wanted: 'memory', actual: 'file' }]);
  });

  it('a field declared undefined must be absent', () => {
    const diff = diffConfig({ filter_subjects: undefined }, { filter_subjects: ['a'] }, immutable);
    expect(diff.changes).toEqual([{ field: 'filter_subjects', from: ['a'], to: undefined }]);
  });

  it('compares string arrays as sets and other values exactly', () => {
    expect(sameValue(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameValue(['a'], ['a', 'b'])).toBe(false);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1 })).toBe(true);
    expect(sameValue(undefined, null)).toBe(false);
  });
});
