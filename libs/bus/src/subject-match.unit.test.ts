import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSubjectFilter, coveringSubject, subjectMatches } from './subject-match.ts';

describe('subject matching', () => {
  it.each([
    ['a.b.c', 'a.b.c', true],
    ['a.*.c', 'a.b.c', true],
    ['a.*', 'a.b.c', false],
    ['a.>', 'a.b.c', true],
    ['a.>', 'a', false],
    ['a.b.c', 'a.b', false],
    ['>', 'x', true],
  ])('%s matches %s: %s', (filter, subject, expected) => {
    expect(subjectMatches(filter, subject)).toBe(expected);
  });

  it('a compiled filter matches when any of its filters does', () => {
    const accepts = compileSubjectFilter(['ns.events.*.*.*.message.received', 'ns.events.>']);
    expect(accepts('ns.events.t.conversation.c.reply.started')).toBe(true);
    expect(accepts('ns.live.t.conversation.c.reply.delta')).toBe(false);
  });

  it.each([
    [['a.b.c'], 'a.b.c'],
    [['a.b.x', 'a.b.y'], 'a.b.*'],
    [['a.b', 'a.b.c'], 'a.>'],
    [['a.b.>', 'a.c.>'], 'a.*.>'],
    [['a.b.>', 'a.c'], 'a.>'],
    [['x.y', 'z'], '>'],
  ])('the covering filter of %j is %s', (filters, expected) => {
    expect(coveringSubject(filters)).toBe(expected);
  });

  const token = fc.constantFrom('a', 'b', 'c', '*');
  const filter = fc
    .tuple(fc.array(token, { minLength: 1, maxLength: 4 }), fc.boolean())
    .map(([tokens, tail]) => [...tokens, ...(tail ? ['>'] : [])].join('.'));
  const subject = fc
    .array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 6 })
    .map((tokens) => tokens.join('.'));

  it('the covering filter matches every subject any of the filters matches', () => {
    fc.assert(
      fc.property(fc.array(filter, { minLength: 1, maxLength: 4 }), subject, (filters, s) => {
        const matchedByOne = filters.some((f) => subjectMatches(f, s));
        return !matchedByOne || subjectMatches(coveringSubject(filters), s);
      }),
      { numRuns: 2_000 },
    );
  });
});
