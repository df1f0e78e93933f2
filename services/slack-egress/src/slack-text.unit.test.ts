import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { firstPartEnd, SLACK_MESSAGE_LIMIT, slackUnescaped, splitForSlack } from './slack-text.ts';

describe('splitForSlack', () => {
  test('a short text is one part', () => {
    expect(splitForSlack('hello')).toEqual(['hello']);
  });

  test('a 25,000-character answer becomes parts of at most 12,000, split at paragraphs', () => {
    const paragraph = `${'word '.repeat(199)}end.\n\n`;
    const text = paragraph.repeat(Math.ceil(25_000 / paragraph.length)).slice(0, 25_000);
    const parts = splitForSlack(text);
    expect(parts.length).toBe(3);
    expect(parts.join('')).toBe(text);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(SLACK_MESSAGE_LIMIT);
    expect(parts[0]?.endsWith('\n\n')).toBe(true);
  });

  test('the first part keeps text already streamed, even past the last break', () => {
    const text = `${'a'.repeat(100)}\n\n${'b'.repeat(200)}`;
    expect(firstPartEnd(text, 250, 0)).toBe(102);
    expect(firstPartEnd(text, 250, 150)).toBe(250);
  });

  test('any text: parts join to the text and none is over the limit or empty', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', 'é'), maxLength: 400 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        (text, limit, minFirst) => {
          const parts = splitForSlack(text, limit, Math.min(minFirst, limit));
          expect(parts.join('')).toBe(text);
          for (const part of parts) expect(part.length).toBeLessThanOrEqual(limit);
          if (text.length > 0) for (const part of parts) expect(part.length).toBeGreaterThan(0);
          if (text.length > 0) {
            expect(parts[0]?.length).toBeGreaterThanOrEqual(Math.min(minFirst, limit, text.length));
          }
        },
      ),
    );
  });
});

describe('slackUnescaped', () => {
  test("undoes Slack's escaping of &, < and >, and only that", () => {
    expect(slackUnescaped('Q&amp;A &lt;notes&gt; &amp;lt; &quot;')).toBe('Q&A <notes> &lt; &quot;');
    expect(slackUnescaped('plain **markdown**')).toBe('plain **markdown**');
  });
});
