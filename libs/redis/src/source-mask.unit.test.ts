import { describe, expect, it } from 'vitest';
import { maskSource } from './source-mask.ts';

describe('maskSource', () => {
  it('blanks comments in both views, keeping line breaks and length', () => {
    const text = "a(); // get('x')\n/* set('y')\n */ b();";
    const { code, skeleton } = maskSource(text);
    expect(code).toHaveLength(text.length);
    expect(code.split('\n')).toHaveLength(3);
    expect(code).not.toContain('get');
    expect(code).not.toContain('set');
    expect(skeleton).toContain('b();');
  });

  it('keeps literals in the code view and blanks their contents in the skeleton', () => {
    const text = `get('a,b)', "c(", \`d\${call(')')}e\`, /f'g/i, h)`;
    const { code, skeleton } = maskSource(text);
    expect(code).toBe(text);
    expect(skeleton).toHaveLength(text.length);
    expect(skeleton.startsWith('get(\'    \', "  ", `')).toBe(true);
    expect(skeleton).not.toMatch(/[a-g],/);
    expect(skeleton.endsWith(', h)')).toBe(true);
  });

  it('tells a division from a regular expression', () => {
    const { skeleton } = maskSource("const r = a / b; const s = x.replace(/'/g, '');");
    expect(skeleton).toContain('a / b');
    expect(skeleton).toContain('x.replace(');
    expect(skeleton.endsWith(", '');")).toBe(true);
  });

  it('does not mistake comment markers inside strings for comments', () => {
    const { code } = maskSource("const url = 'redis://host'; get(k);");
    expect(code).toContain('get(k);');
  });
});
