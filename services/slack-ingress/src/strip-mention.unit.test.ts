import { describe, expect, test } from 'vitest';
import { mentionsBot, stripMention } from './strip-mention.ts';

describe('stripMention', () => {
  test("removes the bot's mention wherever it is, and trims", () => {
    expect(stripMention('<@U0BOT> what is our refund policy?', 'U0BOT')).toBe(
      'what is our refund policy?',
    );
    expect(stripMention('hey <@U0BOT|mara>, ping <@U0BOT>', 'U0BOT')).toBe('hey , ping');
  });

  test("keeps other people's mentions", () => {
    expect(stripMention('<@U0BOT> ask <@U0ANA>', 'U0BOT')).toBe('ask <@U0ANA>');
  });

  test('knows when the bot is mentioned', () => {
    expect(mentionsBot('hi <@U0BOT>', 'U0BOT')).toBe(true);
    expect(mentionsBot('hi <@U0BOTX>', 'U0BOT')).toBe(false);
  });
});
