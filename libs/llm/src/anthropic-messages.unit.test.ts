import { describe, expect, it } from 'vitest';
import { LEADING_USER_PLACEHOLDER, toAlternatingMessages } from './anthropic-messages.ts';

describe('toAlternatingMessages', () => {
  it('merges consecutive turns of the same role', () => {
    expect(
      toAlternatingMessages([
        { role: 'user', content: 'a' },
        { role: 'user', content: 'b' },
        { role: 'assistant', content: 'c' },
        { role: 'assistant', content: 'd' },
        { role: 'user', content: 'e' },
      ]),
    ).toEqual([
      { role: 'user', content: 'a\n\nb' },
      { role: 'assistant', content: 'c\n\nd' },
      { role: 'user', content: 'e' },
    ]);
  });

  it('starts with a user turn even when the history starts with the assistant', () => {
    expect(toAlternatingMessages([{ role: 'assistant', content: 'hi' }])[0]).toEqual({
      role: 'user',
      content: LEADING_USER_PLACEHOLDER,
    });
  });

  it('does not modify its input', () => {
    const input = [
      { role: 'user' as const, content: 'a' },
      { role: 'user' as const, content: 'b' },
    ];
    toAlternatingMessages(input);
    expect(input[0]?.content).toBe('a');
  });
});
