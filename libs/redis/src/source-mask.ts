/**
 * A just-enough TypeScript lexer for source checks that work on text: it finds comments and
 * literals (strings, templates with their `${…}` parts, regular expressions) and returns two
 * views of the same length as the source, line breaks kept, so offsets and line numbers still
 * match: `code` with comments blanked, and `skeleton` with literal contents blanked as well
 * (delimiters kept), in which brackets and commas are all real syntax.
 */

export interface MaskedSource {
  readonly code: string;
  readonly skeleton: string;
}

type Range = readonly [start: number, end: number];

const IDENTIFIER = /[\w$]/;
/** After these words a `/` starts a regular expression, not a division. */
const KEYWORDS_BEFORE_EXPRESSION = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);

export function maskSource(text: string): MaskedSource {
  const { comments, literals } = lex(text);
  const code = blank(text, comments);
  return { code, skeleton: blank(code, literals) };
}

function blank(text: string, ranges: readonly Range[]): string {
  const chars = text.split('');
  for (const [start, end] of ranges) {
    for (let index = start; index < end; index += 1) {
      if (chars[index] !== '\n') chars[index] = ' ';
    }
  }
  return chars.join('');
}

function lex(text: string): { comments: Range[]; literals: Range[] } {
  const comments: Range[] = [];
  const literals: Range[] = [];

  /** Code from `start` to the end, or to the `}` closing a template's `${` when `nested`. */
  function code(start: number, nested: boolean): number {
    let depth = 0;
    let afterValue = false;
    let index = start;
    while (index < text.length) {
      const char = text.charAt(index);
      const next = text.charAt(index + 1);
      let end = index + 1;
      if (char === '/' && (next === '/' || next === '*')) {
        end = next === '/' ? lineEnd(text, index) : blockCommentEnd(text, index);
        comments.push([index, end]);
      } else if (char === '"' || char === "'" || char === '`' || (char === '/' && !afterValue)) {
        end = char === '`' ? template(index + 1) : literalEnd(text, index);
        literals.push([index + 1, end - 1]);
        afterValue = true;
      } else if (IDENTIFIER.test(char)) {
        end = wordEnd(text, index);
        afterValue = !KEYWORDS_BEFORE_EXPRESSION.has(text.slice(index, end));
      } else if (!/\s/.test(char)) {
        if (char === '{') depth += 1;
        if (char === '}' && nested && depth === 0) return index + 1;
        if (char === '}') depth -= 1;
        afterValue = char === ')' || char === ']' || char === '}';
      }
      index = end;
    }
    return index;
  }

  /** A template's body from `start` (after the backtick); returns the index after its end. */
  function template(start: number): number {
    let index = start;
    while (index < text.length) {
      const char = text.charAt(index);
      if (char === '\\') index += 2;
      else if (char === '`') return index + 1;
      else if (char === '$' && text.charAt(index + 1) === '{') index = code(index + 2, true);
      else index += 1;
    }
    return index;
  }

  code(0, false);
  return { comments, literals };
}

function lineEnd(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end === -1 ? text.length : end;
}

function blockCommentEnd(text: string, start: number): number {
  const end = text.indexOf('*/', start + 2);
  return end === -1 ? text.length : end + 2;
}

function wordEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && IDENTIFIER.test(text.charAt(end))) end += 1;
  return end;
}

/** The index after a string or regular expression literal opened at `start`. */
function literalEnd(text: string, start: number): number {
  const quote = text.charAt(start);
  let inClass = false;
  let index = start + 1;
  while (index < text.length) {
    const char = text.charAt(index);
    if (char === '\n') return index;
    if (char === quote && !inClass) return quote === '/' ? wordEnd(text, index + 1) : index + 1;
    if (quote === '/' && (char === '[' || char === ']')) inClass = char === '[';
    index += char === '\\' ? 2 : 1;
  }
  return index;
}
