import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LEADING_USER_PLACEHOLDER, toAlternatingMessages } from './anthropic-messages.ts';
import type { LlmMessage } from './llm-request.ts';

const message: fc.Arbitrary<LlmMessage> = fc.record({
  role: fc.constantFrom('user' as const, 'assistant' as const),
  content: fc.oneof(fc.string(), fc.constantFrom('', ' ', '\n', 'x ')),
});
const history = fc.array(message, { maxLength: 12 });

describe('toAlternatingMessages (properties)', () => {
  it('starts with a user turn and alternates roles', () => {
    fc.assert(
      fc.property(history, (messages) => {
        const out = toAlternatingMessages(messages);
        expect(out[0]?.role).toBe('user');
        for (const [i, m] of out.entries()) expect(m.role).toBe(i % 2 === 0 ? 'user' : 'assistant');
      }),
    );
  });

  it('sends no turn without text, as the API requires', () => {
    fc.assert(
      fc.property(history, (messages) => {
        for (const m of toAlternatingMessages(messages)) expect(m.content.trim()).not.toBe('');
      }),
    );
  });

  it('keeps all the text, in order, each part in a turn of its own role', () => {
    fc.assert(
      fc.property(history, (messages) => {
        const out = toAlternatingMessages(messages);
        let turn = 0;
        let from = 0;
        for (const m of messages) {
          const text = m.content.trim();
          if (text === '') continue;
          // find this text in the current turn after what was already matched, or a later one
          for (;;) {
            const current = out[turn];
            if (current === undefined) throw new Error(`lost ${JSON.stringify(text)}`);
            const at = current.content.indexOf(text, from);
            if (at >= 0 && current.role === m.role) {
              from = at + text.length;
              break;
            }
            turn++;
            from = 0;
          }
        }
        const extra = out.filter((m) => m.content === LEADING_USER_PLACEHOLDER).length;
        expect(extra).toBeLessThanOrEqual(1);
      }),
    );
  });
});
